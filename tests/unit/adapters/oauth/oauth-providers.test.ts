import { describe, expect, it } from 'vitest';
import { createHttpOAuthClient } from '../../../../shared/adapters/oauth/http-oauth-client.js';
import { createOAuthProviders } from '../../../../shared/adapters/oauth/oauth-providers.js';
import type { AppSecrets } from '../../../../shared/config/app-secrets.js';

const secrets = async () => ({ oauthMicrosoftClientId: 'ms-id', oauthMicrosoftClientSecret: 'ms-secret' }) as AppSecrets;

describe('the OAuth2 providers and their token endpoint', () => {
  it('asks Microsoft for IMAP, SMTP.Send and offline access at consent', async () => {
    const microsoft = await createOAuthProviders(secrets).get('microsoft');

    expect(microsoft.scope.split(' ')).toEqual(['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access']);
  });

  it('reads the scopes the token endpoint granted, and none when it names none', async () => {
    const answers = [{ access_token: 'a', expires_in: 3600, refresh_token: 'r', scope: 'https://outlook.office.com/IMAP.AccessAsUser.All' }, { access_token: 'b', expires_in: 3600 }];
    const client = createHttpOAuthClient({ fetch: async () => new Response(JSON.stringify(answers.shift()), { status: 200 }) });
    const provider = await createOAuthProviders(secrets).get('microsoft');

    const granted = await client.exchangeCode(provider, { code: 'c', codeVerifier: 'v', redirectUri: 'https://api.example/cb' });
    const unnamed = await client.refresh(provider, 'r');

    expect(granted.scope).toBe('https://outlook.office.com/IMAP.AccessAsUser.All');
    expect(unnamed.scope).toBeUndefined();
  });
});
