import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalOAuthServer, type LocalOAuthServer } from '../../../infra/local/oauth/oauth-server.js';
import { createHttpOAuthClient } from '../../../shared/adapters/oauth/http-oauth-client.js';
import { createOAuthProviders } from '../../../shared/adapters/oauth/oauth-providers.js';
import type { AppSecrets } from '../../../shared/config/app-secrets.js';
import { ENV } from '../../../shared/config/names.js';
import { createSmtpMailers } from '../../../shared/deps/smtp-mailers.js';
import { createMailboxCredentials } from '../../../shared/domain/mailbox/mailbox-credentials.js';
import type { MailboxRecord } from '../../../shared/domain/mailbox/mailbox-record.js';
import type { SealedSecret } from '../../../shared/domain/mailbox/ports.js';
import type { MailboxSmtp } from '../../../shared/domain/mailbox/smtp-settings.js';
import { SmtpAuthError } from '../../../shared/domain/threads/smtp-errors.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';

const USER = 'oauth-smtp@acme-supplies.example';
const REDIRECT = 'http://127.0.0.1/callback';
const envelope = { from: USER, recipients: ['jane.doe@northwind.example'], spaceId: 'space-smtp-oauth' };
const raw = (n: number) => Buffer.from(`From: ${USER}\r\nTo: jane.doe@northwind.example\r\nSubject: Order ${n}\r\n\r\nIt ships tomorrow.\r\n`);
// The test's secret box: what matters here is the token endpoint and the SMTP server, not KMS.
const sealed = (plaintext: string): SealedSecret => ({ v: 1, keyId: 'k', wrappedKey: 'w', iv: 'i', ciphertext: plaintext, tag: 't' });
let oauth: LocalOAuthServer;
const sinks: SmtpSink[] = [];

/** A real consent at the local authorization server: the refresh token an OAuth2 mailbox keeps. */
async function refreshTokenOf(user: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(`${oauth.url}/authorize`);
  for (const [k, v] of Object.entries({
    client_id: oauth.clientId, redirect_uri: REDIRECT, login_hint: user, response_type: 'code', scope: 'imap offline_access',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  })) authorize.searchParams.set(k, v);
  const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
  const provider = { id: 'local' as const, authorizeUrl: '', tokenUrl: `${oauth.url}/token`, scope: '', clientId: oauth.clientId, clientSecret: oauth.clientSecret, authorizeParams: {}, imap: { host: '', port: 0, security: 'plain' as const, allowInsecure: true } };
  const tokens = await createHttpOAuthClient().exchangeCode(provider, { code, codeVerifier: verifier, redirectUri: REDIRECT });
  return tokens.refreshToken!;
}

/** An SMTP server that takes a token only while the authorization server says it is active, as Microsoft's and Google's do. */
async function sinkCheckingTokens(accept = true): Promise<SmtpSink> {
  const sink = await startSmtpSink({ users: {}, checkToken: async (user, token) => {
    const res = await fetch(`${oauth.url}/introspect`, { method: 'POST', body: new URLSearchParams({ token }) });
    const found = (await res.json()) as { active: boolean; username?: string };
    return accept && found.active && found.username === user;
  } });
  sinks.push(sink);
  return sink;
}

async function oauthMailbox(sink: SmtpSink): Promise<MailboxRecord & { smtp: MailboxSmtp }> {
  const smtp: MailboxSmtp = { host: sink.host, port: sink.port, security: 'plain', allowInsecure: true, auth: 'mailbox', appendToSent: false };
  return {
    spaceId: envelope.spaceId, id: 'mb-oauth', host: '127.0.0.1', port: 143, security: 'plain', allowInsecure: true, username: USER, folders: [],
    addresses: [USER], paused: false, messagesSynced: 0, password: sealed(await refreshTokenOf(USER)), oauth: { provider: 'local' },
    createdAt: 'a', updatedAt: 'a', version: 1, smtp,
  } as MailboxRecord & { smtp: MailboxSmtp };
}

/** The mail function's mailers: the per-container credentials (access tokens in memory) and the real token endpoint. */
function mailers() {
  const secrets = { open: async (s: SealedSecret) => s.ciphertext, seal: async (p: string) => sealed(p) };
  const credentials = createMailboxCredentials({
    providers: createOAuthProviders(async () => ({ oauthLocalClientId: oauth.clientId, oauthLocalClientSecret: oauth.clientSecret }) as AppSecrets),
    tokens: createHttpOAuthClient(), secrets, mailboxes: { replaceSecret: async () => undefined, recordGrantedScopes: async () => undefined }, now: () => new Date(),
  });
  return createSmtpMailers({ secrets, credentials }, { allowPrivateHosts: true });
}

beforeAll(async () => {
  oauth = await startLocalOAuthServer({ users: [USER] });
  Object.assign(process.env, { [ENV.oauthLocalUrl]: oauth.url, [ENV.oauthLocalImap]: '127.0.0.1:143' });
});
afterAll(async () => {
  await Promise.all(sinks.map((s) => s.stop()));
  await oauth?.stop();
});

describe('SMTP with an OAuth2 mailbox\'s access token (real token endpoint and smtp-server)', () => {
  it('sends again with a freshly refreshed token when the server refuses the remembered one', async () => {
    const sink = await sinkCheckingTokens();
    const mailbox = await oauthMailbox(sink);
    const smtp = mailers();
    await (await smtp.mailerFor(mailbox)).sendRaw(raw(1), envelope);
    // The provider withdrew the token before the expiry it announced (a password change, a policy).
    oauth.expireAccessTokens();

    await (await smtp.mailerFor(mailbox)).sendRaw(raw(2), envelope);

    expect(sink.received.map((m) => m.raw.toString().match(/Subject: (.*)/)?.[1])).toEqual(['Order 1', 'Order 2']);
    const accepted = sink.logins.map((l) => l.accepted);
    console.log(`xoauth2 logins: ${accepted.join(',')}`);
    expect(accepted[0]).toBe(true);
    expect(accepted.at(-1)).toBe(true);
    expect(accepted.slice(1, -1).every((a) => !a) && accepted.length > 2).toBe(true);
  });

  it('keeps smtp-auth-failed when the server refuses the refreshed token too, and sends nothing', async () => {
    const sink = await sinkCheckingTokens(false);
    const mailbox = await oauthMailbox(sink);

    const failure = await (await mailers().mailerFor(mailbox)).sendRaw(raw(3), envelope).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(SmtpAuthError);
    expect((failure as SmtpAuthError).code).toBe('smtp-auth-failed');
    expect(sink.received).toEqual([]);
    // nodemailer tries each token twice; a second round means a second token was asked for.
    console.log(`xoauth2 logins refused: ${sink.logins.length}`);
    expect(sink.logins.length).toBe(4);
    expect(sink.logins.every((l) => !l.accepted)).toBe(true);
  });
});
