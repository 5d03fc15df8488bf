import { ENV } from '../../../shared/config/names.js';
import type { ExtraService } from '../local-stack.js';
import { startLocalOAuthServer } from './oauth-server.js';

/** An IMAP server that accepts the local server's tokens (Dovecot's oauth2 passdb asking its introspection endpoint). */
export interface OAuthImap {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * The local OAuth2 authorization server as a stack service: the `local` provider's endpoints and
 * its client registration (in the app secret, as a deployment keeps Microsoft's and Google's).
 * Its mailboxes are read from the IMAP server `imap` starts (the tests start a Dovecot), or from
 * OAUTH_LOCAL_IMAP (`host:port`) in the shell; without either the provider stays unconfigured,
 * since the demo IMAP server cannot check tokens.
 */
export function localOAuthService(options: { imap?: (introspectionUrl: string) => Promise<OAuthImap> } = {}): ExtraService {
  return {
    name: 'OAuth2 authorization server',
    async start() {
      const server = await startLocalOAuthServer({ users: 'any' });
      const imap = await options.imap?.(`${server.url}/introspect`).catch(async (error: unknown) => { await server.stop(); throw error; });
      const target = imap ? `${imap.host}:${imap.port}` : process.env[ENV.oauthLocalImap];
      return {
        env: { [ENV.oauthLocalUrl]: server.url, ...(target ? { [ENV.oauthLocalImap]: target } : {}) },
        appSecret: { oauthLocalClientId: server.clientId, oauthLocalClientSecret: server.clientSecret },
        info: `${server.url} (provider "local", consent automatic; introspection ${server.url}/introspect)${target ? `; XOAUTH2 mailboxes on ${target}` : '; set OAUTH_LOCAL_IMAP=host:port of an IMAP server that checks tokens there (e.g. Dovecot\'s oauth2 passdb) to connect one'}`,
        async stop() {
          await imap?.stop();
          await server.stop();
        },
      };
    },
  };
}
