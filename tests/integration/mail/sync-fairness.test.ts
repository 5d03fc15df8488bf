import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailboxStore } from '../../../shared/store/mailbox-store.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { startImapFaultProxy, type ImapFaultProxy } from '../../support/imap-fault-proxy.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import type { MailboxFolder } from '../../../shared/domain/mailbox/mailbox-config.js';
import { aMail, mailHarness } from './mail-harness.js';

let dovecot: DovecotServer;
let hostile: ImapFaultProxy;
const users = ['normal', 'drip1', 'drip2'].map((u) => ({ user: u, password: `pw-${u}` }));
const inbox = [{ path: 'INBOX', role: 'inbox' }];

beforeAll(async () => {
  useLocalStackEnv();
  dovecot = await startDovecot({ users });
  // Answers LOGIN, LIST, STATUS and SEARCH normally, then one byte every 10 s once a FETCH starts.
  hostile = await startImapFaultProxy(dovecot, (line) => (/ (UID )?FETCH /i.test(line) ? { kind: 'drip', intervalMs: 10_000 } : undefined));
});
afterAll(async () => {
  await hostile?.stop();
  await dovecot?.stop();
});

const settings = (server: { host: string; port: number }, user: { user: string; password: string }) => ({
  host: server.host, port: server.port, security: 'plain', allowInsecure: true, username: user.user, password: user.password, folders: inbox,
});

describe('sync fairness across Spaces', () => {
  it('keeps another Space\'s sync within 2× its normal time while two hostile mailboxes drip inside FETCH', async () => {
    const mailboxes = createMailboxStore(defaultTable());
    const normalSpace = newSpaceId();
    const hostileSpace = newSpaceId();
    const normalApi = apiAs(normalSpace);
    const hostileApi = apiAs(hostileSpace);
    await dovecot.appendMessages('normal', 'INBOX', [aMail()]);
    const created = await normalApi.post('/mailboxes', settings(dovecot, users[0]!));
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    await waitFor(async () => (await mailboxes.getMailbox(normalSpace, id)).messagesSynced >= 1, 30_000);

    /** Appends 5 mails, asks for a sync and measures until the worker has recorded them. */
    const timedSync = async (limitMs: number): Promise<number> => {
      const before = (await mailboxes.getMailbox(normalSpace, id)).messagesSynced;
      await dovecot.appendMessages('normal', 'INBOX', Array.from({ length: 5 }, () => aMail()));
      const started = Date.now();
      expect((await normalApi.post(`/mailboxes/${id}/sync`)).status).toBe(202);
      await waitFor(async () => (await mailboxes.getMailbox(normalSpace, id)).messagesSynced >= before + 5, limitMs);
      return Date.now() - started;
    };
    const baselines: number[] = [];
    for (let i = 0; i < SAMPLES; i++) baselines.push(await timedSync(30_000));
    const baselineMs = median(baselines);

    const hostileIds: string[] = [];
    for (const user of [users[1]!, users[2]!]) {
      await dovecot.appendMessages(user.user, 'INBOX', [aMail(), aMail()]);
      const reply = await hostileApi.post('/mailboxes', settings(hostile, user));
      expect(reply.status).toBe(201);
      hostileIds.push(String(reply.body.id));
    }
    try {
      // Both hostile syncs are picked up (and drip) or one of them is deferred: give them the time.
      await waitFor(async () => hostile.dripping >= 2, 4_000);
      const limit = Math.max(8 * baselineMs, 20_000);
      const contended: number[] = [];
      for (let i = 0; i < SAMPLES; i++) contended.push(await timedSync(limit));
      const contendedMs = median(contended);
      const ratio = contendedMs / baselineMs;
      console.info(`sync fairness (median of ${SAMPLES} each)`, { baselinesMs: baselines, contendedRunsMs: contended, baselineMs, contendedMs, ratio: Number(ratio.toFixed(2)), hostileDripping: hostile.dripping });

      expect(ratio).toBeLessThanOrEqual(2);
    } finally {
      for (const hostileId of hostileIds) await hostileApi.delete(`/mailboxes/${hostileId}`);
    }
  }, 120_000);
});

describe('sync time budget', () => {
  it('drops a connection that drips inside FETCH when the run\'s time budget ends, keeping the cursor and saying why', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('drip1', 'INBOX', [aMail(), aMail()]);
    const mailbox = await h.connect(hostile, users[1]!, inbox as MailboxFolder[]);

    const started = Date.now();
    const outcome = await h.sync(mailbox.id, { limits: { timeBudgetMs: 3_000 } });
    const tookMs = Date.now() - started;
    const status = await h.rt.mailboxes.getMailbox(spaceId, mailbox.id);
    console.info('sync time budget', { budgetMs: 3_000, tookMs });

    expect(outcome).toMatchObject({ status: 'stopped', on: 'time', messages: 0, continued: false });
    expect(tookMs).toBeLessThan(3_000 + 5_000);
    expect(status.lastError).toMatch(/stopped at the 3 s time budget .* too slow/);
    expect(await h.rt.syncState.getCursor(spaceId, mailbox.id, 'INBOX')).toBeUndefined();
    expect(h.parseQueue.sent).toEqual([]);
  });
});

describe('sync time budget before the first FETCH', () => {
  it('gives up on a server that drips its answer to LOGIN when the time budget ends', async () => {
    const slowLogin = await startImapFaultProxy(dovecot, (line) => (/ (LOGIN|AUTHENTICATE) /i.test(line) ? { kind: 'drip', intervalMs: 5_000 } : undefined));
    try {
      const spaceId = newSpaceId();
      const h = await mailHarness(spaceId);
      const mailbox = await h.connect(slowLogin, users[2]!, inbox as MailboxFolder[]);

      const started = Date.now();
      const outcome = await h.sync(mailbox.id, { limits: { timeBudgetMs: 3_000 } });
      const tookMs = Date.now() - started;
      console.info('sync time budget in LOGIN', { budgetMs: 3_000, tookMs });

      expect(outcome).toMatchObject({ status: 'stopped', on: 'time', messages: 0 });
      expect(tookMs).toBeLessThan(3_000 + 5_000);
      expect((await h.rt.mailboxes.getMailbox(spaceId, mailbox.id)).lastError).toMatch(/3 s time budget/);
    } finally {
      await slowLogin.stop();
    }
  }, 60_000);
});

const SAMPLES = 5;
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Polls every 50 ms until `done` or the time is up (the caller's assertion then explains). */
async function waitFor(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
