import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalOAuthServer, type LocalOAuthServer } from '../../../infra/local/oauth/oauth-server.js';
import { createHttpOAuthClient } from '../../../shared/adapters/oauth/http-oauth-client.js';
import { createMemoryQueue } from '../../../shared/adapters/queue/sqs-queue.js';
import { appSecrets } from '../../../shared/config/app-secrets.js';
import { ENV, POLL_SCHEDULE_MINUTES } from '../../../shared/config/names.js';
import { createOAuthProviders } from '../../../shared/adapters/oauth/oauth-providers.js';
import {
  completeMailboxAuthorization, startMailboxAuthorization, type AuthorizeMailboxDeps,
} from '../../../shared/domain/mailbox/authorize-mailbox.js';
import { toMailboxView } from '../../../shared/domain/mailbox/connect-mailbox.js';
import { createMailboxCredentials } from '../../../shared/domain/mailbox/mailbox-credentials.js';
import { OAuthStateError } from '../../../shared/domain/mailbox/oauth-errors.js';
import { readMailboxHealth } from '../../../shared/domain/mailbox/read-health.js';
import { SYNC_ADVICE } from '../../../shared/domain/mailbox/sync-failure.js';
import type { SyncJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { syncMailbox } from '../../../shared/domain/threads/sync-mailbox.js';
import type { Log } from '../../../shared/observability/logger.js';
import { createOAuthPendingStore } from '../../../shared/store/oauth-pending-store.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from '../mail/mail-harness.js';

const USER = 'oauth-sales@acme-supplies.example';
let oauth: LocalOAuthServer;
let dovecot: DovecotServer;

beforeAll(async () => {
  oauth = await startLocalOAuthServer({ users: [USER] });
  dovecot = await startDovecot({ users: [{ user: USER, password: ulid() }], oauth2IntrospectionUrl: `${oauth.url}/introspect` });
});

/** The `local` provider is this file's server and Dovecot, not the shared stack's (set after useLocalStackEnv). */
const useOwnOAuthServer = () => Object.assign(process.env, {
  [ENV.oauthLocalUrl]: oauth.url, [ENV.oauthLocalImap]: `${dovecot.host}:${dovecot.port}`,
  [ENV.oauthLocalClientId]: oauth.clientId, [ENV.oauthLocalClientSecret]: oauth.clientSecret,
});
afterAll(async () => {
  await dovecot?.stop();
  await oauth?.stop();
});

/** Everything the test sees leave the code: log lines, views, queue bodies. */
function capturingLog(lines: string[]): Log {
  const write = (message: string, fields?: Record<string, unknown>) => { lines.push(JSON.stringify({ message, ...fields })); };
  return { info: write, warn: write, error: write };
}

/** The browser's part: open the authorize URL, follow the provider's redirect back with code and state. */
async function consent(authorizeUrl: string): Promise<{ code?: string; state: string; error?: string }> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  const back = new URL(res.headers.get('location')!);
  const code = back.searchParams.get('code');
  const error = back.searchParams.get('error');
  return { state: back.searchParams.get('state')!, ...(code ? { code } : {}), ...(error ? { error } : {}) };
}

async function world() {
  const spaceId = newSpaceId();
  const h = await mailHarness(spaceId);
  useOwnOAuthServer();
  const lines: string[] = [];
  const log = capturingLog(lines);
  const syncQueue = createMemoryQueue<SyncJob>();
  const providers = createOAuthProviders(() => appSecrets());
  const tokens = createHttpOAuthClient();
  const deps: AuthorizeMailboxDeps = {
    mailboxes: h.rt.mailboxes, imap: h.rt.imap, secrets: h.rt.secrets, syncQueue, newId: ulid, now: () => new Date(),
    providers, tokens, pending: createOAuthPendingStore(h.rt.table), redirectUri: 'http://127.0.0.1:9/mailboxes/oauth/callback',
  };
  const credentials = createMailboxCredentials({ providers, tokens, secrets: h.rt.secrets, mailboxes: h.rt.mailboxes, now: () => new Date() });
  const sync = (mailboxId: string) => syncMailbox(
    { ...h.rt, log, credentials, parseQueue: h.parseQueue, syncQueue: h.syncQueue },
    { spaceId, mailboxId, correlationId: 'test', reason: 'schedule' },
  );
  const refreshTokenOf = async (mailboxId: string) =>
    h.rt.secrets.open((await h.rt.mailboxes.getMailbox(spaceId, mailboxId)).password, { space: spaceId, mailbox: mailboxId });
  const spaceItems = async () => {
    const out = await h.rt.table.client.send(new ScanCommand({
      TableName: h.rt.table.table, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': `space#${spaceId}` },
    }));
    return out.Items ?? [];
  };
  return { spaceId, h, deps, sync, syncQueue, lines, refreshTokenOf, spaceItems };
}

describe('OAuth2 (XOAUTH2) mailboxes end to end, against the local authorization server and Dovecot', () => {
  it('connects, syncs, refreshes an expired token, asks for re-authorization when revoked, and resumes after it with no duplicates', async () => {
    const w = await world();
    const { spaceId } = w;
    const started = await startMailboxAuthorization(w.deps, { spaceId, userId: 'admin-1', provider: 'local', username: USER, addresses: [USER] });
    const back = await consent(started.authorizeUrl);
    const mailbox = await completeMailboxAuthorization(w.deps, { ...back, correlationId: 'test' });
    const replay = await completeMailboxAuthorization(w.deps, { ...back, correlationId: 'test' }).catch((e: unknown) => e);
    const firstToken = await w.refreshTokenOf(mailbox.id);

    await dovecot.appendMessages(USER, 'INBOX', [aMail(), aMail()]);
    const first = await w.sync(mailbox.id);
    oauth.expireAccessTokens();
    await dovecot.appendMessage(USER, 'INBOX', aMail());
    const afterExpiry = await w.sync(mailbox.id);

    oauth.revoke(firstToken);
    oauth.expireAccessTokens();
    await dovecot.appendMessage(USER, 'INBOX', aMail());
    const revoked = await w.sync(mailbox.id);
    const needing = await w.h.rt.mailboxes.getMailbox(spaceId, mailbox.id);
    const health = await readMailboxHealth({ ...w.h.rt, now: () => new Date(), intervalMs: POLL_SCHEDULE_MINUTES * 60_000 }, { spaceId, mailboxId: mailbox.id });

    const again = await startMailboxAuthorization(w.deps, { spaceId, userId: 'admin-1', provider: 'local', mailboxId: mailbox.id });
    const reconnected = await completeMailboxAuthorization(w.deps, { ...(await consent(again.authorizeUrl)), correlationId: 'test' });
    const secondToken = await w.refreshTokenOf(mailbox.id);
    const resumed = await w.sync(mailbox.id);
    await w.h.drain();
    const messages = await messageItems(w.h.rt, spaceId);
    const messageIds = messages.map((m) => String(m.messageId ?? m.id));

    expect(new URL(started.authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
    expect(mailbox).toMatchObject({ oauth: { provider: 'local' }, username: USER, security: 'plain', paused: false });
    expect(w.syncQueue.sent.map((j) => j.mailboxId)).toEqual([mailbox.id, mailbox.id]);
    expect(replay).toBeInstanceOf(OAuthStateError);
    expect(first).toMatchObject({ status: 'synced', messages: 2 });
    expect(afterExpiry).toMatchObject({ status: 'synced', messages: 1 });
    expect(revoked).toMatchObject({ status: 'failed', reason: 'reauthorize' });
    expect(needing).toMatchObject({ paused: true, needsReauthorization: true });
    expect(toMailboxView(needing).oauth).toEqual({
      provider: 'local', status: 'needs_reauthorization',
      reauthorize: { method: 'POST', href: '/mailboxes/oauth/start', body: { provider: 'local', mailboxId: mailbox.id } },
    });
    expect(health.status).toBe('failing');
    expect(health.advice).toEqual([{ kind: 'needs_reauthorization', text: SYNC_ADVICE.needs_reauthorization }]);
    expect(reconnected).toMatchObject({ id: mailbox.id, paused: false, needsReauthorization: false });
    expect(toMailboxView(reconnected).oauth?.status).toBe('authorized');
    expect(secondToken).not.toBe(firstToken);
    expect(resumed).toMatchObject({ status: 'synced', messages: 1 });
    expect(messages).toHaveLength(4);
    expect(new Set(messageIds).size).toBe(4);

    // The canary: neither refresh token appears outside its sealed item.
    const outside = JSON.stringify({
      logs: w.lines, views: [mailbox, needing, reconnected].map(toMailboxView), started, again, health,
      queues: [w.syncQueue.sent, w.h.syncQueue.sent, w.h.parseQueue.sent, w.h.linkQueue.sent], table: await w.spaceItems(),
    });
    for (const token of [firstToken, secondToken]) {
      expect(token.length).toBeGreaterThan(20);
      expect(outside).not.toContain(token);
    }
  });
});
