import type { MailboxSecurity } from '../../domain/mailbox/mailbox-config.js';
import type { OAuthProvider, OAuthProviderId, OAuthProviders } from '../../domain/mailbox/oauth.js';
import { OAuthProviderNotConfiguredError } from '../../domain/mailbox/oauth-errors.js';
import { OAUTH_SMTP_SCOPES } from '../../domain/mailbox/oauth-scopes.js';
import type { AppSecrets } from '../../config/app-secrets.js';
import { optionalEnv } from '../../config/config.js';

type Endpoints = Omit<OAuthProvider, 'clientId' | 'clientSecret'>;
const tls = (host: string) => ({ host, port: 993, security: 'tls' as MailboxSecurity, allowInsecure: false });

/**
 * Each provider's endpoints, IMAP scope and IMAP server. Microsoft: the identity platform v2
 * endpoints of OAUTH_MICROSOFT_TENANT with the Outlook IMAP and SMTP.Send scopes and offline_access
 * (for a refresh token). Google: IMAP needs the full-mail scope; offline access and a consent prompt make it issue a
 * refresh token every time. Local: the local stack's authorization server and the IMAP server that
 * accepts its tokens (only where OAUTH_LOCAL_URL is set).
 */
function endpointsOf(id: OAuthProviderId): Endpoints | undefined {
  if (id === 'microsoft') {
    const base = `https://login.microsoftonline.com/${encodeURIComponent(optionalEnv('oauthMicrosoftTenant') ?? 'common')}/oauth2/v2.0`;
    return {
      id, authorizeUrl: `${base}/authorize`, tokenUrl: `${base}/token`, authorizeParams: {},
      scope: `https://outlook.office.com/IMAP.AccessAsUser.All ${OAUTH_SMTP_SCOPES.microsoft} offline_access`, imap: tls('outlook.office365.com'),
    };
  }
  if (id === 'google') {
    return {
      id, authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth', tokenUrl: 'https://oauth2.googleapis.com/token',
      authorizeParams: { access_type: 'offline', prompt: 'consent' }, scope: 'https://mail.google.com/', imap: tls('imap.gmail.com'),
    };
  }
  const url = optionalEnv('oauthLocalUrl');
  const imap = /^(.+):(\d+)$/.exec(optionalEnv('oauthLocalImap') ?? '');
  if (url === undefined || !imap) return undefined;
  return {
    id, authorizeUrl: `${url}/authorize`, tokenUrl: `${url}/token`, authorizeParams: {}, scope: 'imap offline_access',
    imap: { host: imap[1]!, port: Number(imap[2]), security: 'plain', allowInsecure: true },
  };
}

const CLIENT_KEYS: Record<OAuthProviderId, readonly [keyof AppSecrets, keyof AppSecrets]> = {
  microsoft: ['oauthMicrosoftClientId', 'oauthMicrosoftClientSecret'],
  google: ['oauthGoogleClientId', 'oauthGoogleClientSecret'],
  local: ['oauthLocalClientId', 'oauthLocalClientSecret'],
};

/** The providers with endpoints and a client registration in the app secret. */
export function createOAuthProviders(secrets: () => Promise<AppSecrets>): OAuthProviders {
  return {
    async get(id) {
      const endpoints = endpointsOf(id);
      const app = await secrets();
      const [idKey, secretKey] = CLIENT_KEYS[id];
      const clientId = app[idKey];
      const clientSecret = app[secretKey];
      if (!endpoints || typeof clientId !== 'string' || typeof clientSecret !== 'string') throw new OAuthProviderNotConfiguredError(id);
      return { ...endpoints, clientId, clientSecret };
    },
  };
}
