import { createHttpOAuthClient } from '../adapters/oauth/http-oauth-client.js';
import { appSecrets } from '../config/app-secrets.js';
import { once, requireEnv } from '../config/config.js';
import { createOAuthProviders } from '../adapters/oauth/oauth-providers.js';
import { createMailboxCredentials, type MailboxCredentials } from '../domain/mailbox/mailbox-credentials.js';
import type { MailboxRepo } from '../domain/mailbox/mailbox-record.js';
import type { OAuthProviders, OAuthTokenClient } from '../domain/mailbox/oauth.js';
import type { SecretBox } from '../domain/mailbox/ports.js';

/** The OAuth2 providers (endpoints from config, client registrations from the app secret) and their token endpoint. */
export const mailboxOAuth = once((): { providers: OAuthProviders; tokens: OAuthTokenClient; redirectUri: () => string } => ({
  providers: createOAuthProviders(() => appSecrets()),
  tokens: createHttpOAuthClient(),
  redirectUri: () => `${requireEnv('apiBaseUrl').replace(/\/+$/, '')}/mailboxes/oauth/callback`,
}));

let credentials: MailboxCredentials | undefined;

/** One per container, so access tokens stay in memory across warm invocations of the sync worker. */
export const mailboxCredentials = (deps: { secrets: Pick<SecretBox, 'seal'>; mailboxes: Pick<MailboxRepo, 'replaceSecret' | 'recordGrantedScopes'>; now: () => Date }): MailboxCredentials => {
  credentials ??= createMailboxCredentials({ ...mailboxOAuth(), ...deps });
  return credentials;
};
