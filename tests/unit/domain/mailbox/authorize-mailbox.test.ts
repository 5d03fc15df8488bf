import { describe, expect, it } from 'vitest';
import { createMemoryMailbox } from '../../../../shared/adapters/imap/memory-mailbox.js';
import {
  AUTHORIZATION_TTL_MS, completeMailboxAuthorization, startMailboxAuthorization, type AuthorizeMailboxDeps,
} from '../../../../shared/domain/mailbox/authorize-mailbox.js';
import { ValidationError } from '../../../../shared/domain/errors.js';
import type { MailboxPatch, MailboxRecord } from '../../../../shared/domain/mailbox/mailbox-record.js';
import type { OAuthProvider, PendingAuthorization } from '../../../../shared/domain/mailbox/oauth.js';
import { OAuthConsentDeniedError, OAuthStateError } from '../../../../shared/domain/mailbox/oauth-errors.js';
import type { SyncJob } from '../../../../shared/domain/threads/pipeline-jobs.js';

const PROVIDER: OAuthProvider = {
  id: 'microsoft', authorizeUrl: 'https://login.example/authorize', tokenUrl: 'https://login.example/token', scope: 'imap offline_access',
  clientId: 'client-1', clientSecret: 'client-secret', authorizeParams: { prompt: 'select_account' },
  imap: { host: 'imap.example', port: 993, security: 'tls', allowInsecure: false },
};

/** Deps over memory: a pending map, a mailbox map, a token endpoint that knows one code per verifier. */
function world(granted: string[] = []) {
  let clock = new Date('2026-11-02T09:00:00Z');
  const pending = new Map<string, PendingAuthorization>();
  const mailboxes = new Map<string, MailboxRecord>();
  const queued: SyncJob[] = [];
  const imap = createMemoryMailbox({ password: 'unused', acceptToken: (t) => t === 'access-1' });
  const exchanged: { code: string; codeVerifier: string }[] = [];
  let ids = 0;
  const deps: AuthorizeMailboxDeps = {
    providers: { get: async () => PROVIDER },
    tokens: {
      exchangeCode: async (_p, input) => {
        exchanged.push(input);
        const scope = granted[exchanged.length - 1];
        return { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: new Date(clock.getTime() + 3_600_000), ...(scope !== undefined ? { scope } : {}) };
      },
      refresh: async () => { throw new Error('not used'); },
    },
    pending: {
      putPending: async (p) => { pending.set(`${p.spaceId}/${p.nonceHash}`, p); },
      takePending: async (spaceId, hash, now) => {
        const found = pending.get(`${spaceId}/${hash}`);
        pending.delete(`${spaceId}/${hash}`);
        return found && found.validUntil > now.toISOString() ? found : undefined;
      },
    },
    mailboxes: {
      countMailboxes: async () => mailboxes.size,
      createMailbox: async (r: MailboxRecord) => { mailboxes.set(r.id, r); },
      getMailbox: async (_s: string, id: string) => mailboxes.get(id)!,
      patchMailbox: async (_s: string, id: string, patch: MailboxPatch) => { const r = { ...mailboxes.get(id)!, ...patch }; mailboxes.set(id, r); return r; },
    } as unknown as AuthorizeMailboxDeps['mailboxes'],
    imap,
    secrets: { seal: async (plaintext, context) => ({ v: 1, keyId: 'k', wrappedKey: 'w', iv: 'i', ciphertext: `${context.space}/${context.mailbox}/${plaintext}`, tag: 't' }) },
    syncQueue: { send: async (job) => { queued.push(job); } },
    newId: () => `m${++ids}`,
    now: () => clock,
    redirectUri: 'https://api.example/mailboxes/oauth/callback',
  };
  return { deps, pending, mailboxes, queued, exchanged, advance: (ms: number) => { clock = new Date(clock.getTime() + ms); } };
}

const stateOf = (url: string) => new URL(url).searchParams.get('state')!;

describe('startMailboxAuthorization and completeMailboxAuthorization', () => {
  it('builds a PKCE authorize URL and stores only the nonce hash, then connects with the verifier whose hash is the challenge', async () => {
    const w = world();

    const started = await startMailboxAuthorization(w.deps, { spaceId: 's1', userId: 'u1', provider: 'microsoft', username: 'sales@acme.example' });
    const url = new URL(started.authorizeUrl);
    const [stored] = [...w.pending.values()];
    const record = await completeMailboxAuthorization(w.deps, { state: stateOf(started.authorizeUrl), code: 'code-1', correlationId: 'c' });
    const { createHash } = await import('node:crypto');

    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code', client_id: 'client-1', redirect_uri: w.deps.redirectUri, scope: 'imap offline_access',
      code_challenge_method: 'S256', login_hint: 'sales@acme.example', prompt: 'select_account',
    });
    expect(url.searchParams.get('state')).not.toContain(stored!.nonceHash);
    expect(url.searchParams.get('code_challenge')).toBe(createHash('sha256').update(w.exchanged[0]!.codeVerifier).digest('base64url'));
    expect(stored).toMatchObject({ spaceId: 's1', userId: 'u1', validUntil: new Date(Date.parse('2026-11-02T09:00:00Z') + AUTHORIZATION_TTL_MS).toISOString() });
    expect(record).toMatchObject({ spaceId: 's1', id: 'm1', host: 'imap.example', oauth: { provider: 'microsoft' }, password: { ciphertext: 's1/m1/refresh-1' } });
    expect(w.queued).toEqual([expect.objectContaining({ spaceId: 's1', mailboxId: 'm1' })]);
  });

  it('keeps the scopes the consent granted (the ones asked for when the token endpoint names none), replaced at a reconnect', async () => {
    const w = world(['imap', 'imap smtp']);
    const connect = async (mailboxId?: string) => completeMailboxAuthorization(w.deps, { state: stateOf((await startMailboxAuthorization(w.deps, {
      spaceId: 's1', userId: 'u1', provider: 'microsoft', ...(mailboxId ? { mailboxId } : { username: 'a@acme.example' }),
    })).authorizeUrl), code: 'code', correlationId: 'c' });

    const narrow = await connect();
    const wider = await connect(narrow.id);
    const unnamed = await connect();

    expect([narrow.oauth, wider.oauth, unnamed.oauth]).toEqual([
      { provider: 'microsoft', scopes: ['imap'] }, { provider: 'microsoft', scopes: ['imap', 'smtp'] }, { provider: 'microsoft', scopes: ['imap', 'offline_access'] },
    ]);
  });

  it('refuses a state used twice, an expired one, and one whose Space was swapped', async () => {
    const w = world();
    const start = () => startMailboxAuthorization(w.deps, { spaceId: 's1', userId: 'u1', provider: 'microsoft', username: 'sales@acme.example' });

    const once = stateOf((await start()).authorizeUrl);
    await completeMailboxAuthorization(w.deps, { state: once, code: 'code-1', correlationId: 'c' });
    const twice = await completeMailboxAuthorization(w.deps, { state: once, code: 'code-1', correlationId: 'c' }).catch((e: unknown) => e);
    const late = stateOf((await start()).authorizeUrl);
    w.advance(AUTHORIZATION_TTL_MS + 1);
    const expired = await completeMailboxAuthorization(w.deps, { state: late, code: 'code-2', correlationId: 'c' }).catch((e: unknown) => e);
    const [, nonce] = stateOf((await start()).authorizeUrl).split('.');
    const swapped = await completeMailboxAuthorization(w.deps, { state: `${Buffer.from('s2').toString('base64url')}.${nonce}`, code: 'c', correlationId: 'c' }).catch((e: unknown) => e);
    const garbage = await completeMailboxAuthorization(w.deps, { state: 'not-a-state', code: 'c', correlationId: 'c' }).catch((e: unknown) => e);

    expect([twice, expired, swapped, garbage].map((e) => e instanceof OAuthStateError)).toEqual([true, true, true, true]);
    expect(w.exchanged).toHaveLength(1);
    expect(w.mailboxes.size).toBe(1);
  });

  it('uses up the state when consent was declined, and connects nothing', async () => {
    const w = world();
    const state = stateOf((await startMailboxAuthorization(w.deps, { spaceId: 's1', userId: 'u1', provider: 'microsoft', username: 'a@acme.example' })).authorizeUrl);

    const declined = await completeMailboxAuthorization(w.deps, { state, error: 'access_denied', correlationId: 'c' }).catch((e: unknown) => e);
    const retried = await completeMailboxAuthorization(w.deps, { state, code: 'code-1', correlationId: 'c' }).catch((e: unknown) => e);

    expect(declined).toBeInstanceOf(OAuthConsentDeniedError);
    expect((declined as OAuthConsentDeniedError).extra).toEqual({ providerError: 'access_denied' });
    expect(retried).toBeInstanceOf(OAuthStateError);
    expect(w.mailboxes.size).toBe(0);
  });

  it('re-authorizes only a mailbox of the same provider, and clears its re-authorize state', async () => {
    const w = world();
    const first = stateOf((await startMailboxAuthorization(w.deps, { spaceId: 's1', userId: 'u1', provider: 'microsoft', username: 'a@acme.example' })).authorizeUrl);
    const mailbox = await completeMailboxAuthorization(w.deps, { state: first, code: 'code-1', correlationId: 'c' });
    w.mailboxes.set(mailbox.id, { ...mailbox, paused: true, needsReauthorization: true });

    const wrongProvider = await startMailboxAuthorization(w.deps, { spaceId: 's1', userId: 'u1', provider: 'google', mailboxId: mailbox.id }).catch((e: unknown) => e);
    const again = stateOf((await startMailboxAuthorization(w.deps, { spaceId: 's1', userId: 'u1', provider: 'microsoft', mailboxId: mailbox.id })).authorizeUrl);
    const reauthorized = await completeMailboxAuthorization(w.deps, { state: again, code: 'code-2', correlationId: 'c' });

    expect(wrongProvider).toBeInstanceOf(ValidationError);
    expect(reauthorized).toMatchObject({ id: mailbox.id, paused: false, needsReauthorization: false, username: 'a@acme.example' });
    expect(w.mailboxes.size).toBe(1);
  });
});
