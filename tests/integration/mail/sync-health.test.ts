import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLL_SCHEDULE_MINUTES, SYNC_HEALTH_METRIC } from '../../../shared/config/names.js';
import { readMailboxHealth } from '../../../shared/domain/mailbox/read-health.js';
import { SYNC_ADVICE } from '../../../shared/domain/mailbox/sync-failure.js';
import { STALLED_AFTER_INTERVALS } from '../../../shared/domain/mailbox/sync-health.js';
import { pollMailboxes } from '../../../shared/domain/threads/poll-mailboxes.js';
import { syncMailbox } from '../../../shared/domain/threads/sync-mailbox.js';
import { createMemoryQueue } from '../../../shared/adapters/queue/sqs-queue.js';
import type { SyncJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { createEmfMetrics } from '../../../shared/observability/metrics.js';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { startImapFaultProxy } from '../../support/imap-fault-proxy.js';
import { aMail, mailHarness } from './mail-harness.js';

const INTERVAL_MS = POLL_SCHEDULE_MINUTES * 60_000;
/** imapflow logs in with AUTHENTICATE PLAIN when offered, else LOGIN. */
const LOGIN = / (LOGIN|AUTHENTICATE) /i;
const users = ['wrong', 'renamed', 'tls', 'throttled', 'noimap', 'big', 'stall', 'ruled'].map((user) => ({ user, password: `pw-${user}` }));
const userOf = (name: string) => users.find((u) => u.user === name)!;
let dovecot: DovecotServer;

beforeAll(async () => { dovecot = await startDovecot({ users, tls: true }); });
afterAll(async () => { await dovecot?.stop(); });

async function healthOf(h: Awaited<ReturnType<typeof mailHarness>>, spaceId: string, mailboxId: string, now = () => new Date()) {
  return readMailboxHealth({ ...h.rt, now, intervalMs: INTERVAL_MS }, { spaceId, mailboxId });
}

describe('sync health: each failure kind gets its advice', () => {
  it('says the password is wrong, at the login step, with the server\'s words', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const mailbox = await h.connect(dovecot, { user: 'wrong', password: 'not-the-password' });

    await h.sync(mailbox.id);
    const health = await healthOf(h, spaceId, mailbox.id);

    expect(health.status).toBe('failing');
    expect(health.advice).toEqual([{ kind: 'wrong_password', text: SYNC_ADVICE['wrong_password'] }]);
    expect(health.items[0]).toMatchObject({ outcome: 'failed', failure: { kind: 'wrong_password', step: 'login', server: { code: 'AUTHENTICATIONFAILED' } } });
    expect(JSON.stringify(health)).not.toContain('not-the-password');
  });

  it('says a folder was renamed and names it', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessage('renamed', 'Projects', aMail());
    const mailbox = await h.connect(dovecot, userOf('renamed'), [{ path: 'INBOX', role: 'inbox' }, { path: 'Projects', role: 'other' }]);
    await h.sync(mailbox.id);

    await dovecot.doveadm(['mailbox', 'rename', '-u', 'renamed', 'Projects', 'Projects 2026']);
    const failed = await h.sync(mailbox.id).catch((error: Error) => error);
    const health = await healthOf(h, spaceId, mailbox.id);

    expect(failed).toBeInstanceOf(Error);
    expect(health.status).toBe('failing');
    expect(health.advice).toEqual([{ kind: 'folder_missing', text: SYNC_ADVICE.folder_missing }]);
    expect(health.items[0]).toMatchObject({ outcome: 'failed', folders: 1, failure: { kind: 'folder_missing', step: 'folder', folder: 'Projects' } });
    expect(health.items[1]).toMatchObject({ outcome: 'synced', folders: 2, messages: 1 });
    expect(health.items[1]!.commands).toBeGreaterThan(2);
    expect(health.items[1]!.bytes).toBeGreaterThan(100);
  });

  it('says the certificate is not trusted', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const mailbox = await h.connect({ host: 'localhost', port: dovecot.tlsPort! }, userOf('tls'));
    await h.rt.mailboxes.patchMailbox(spaceId, mailbox.id, { security: 'tls' }, new Date().toISOString(), 1);

    await h.sync(mailbox.id).catch(() => undefined);
    const health = await healthOf(h, spaceId, mailbox.id);

    expect(health.status).toBe('failing');
    expect(health.advice).toEqual([{ kind: 'certificate', text: SYNC_ADVICE.certificate }]);
    expect(health.items[0]).toMatchObject({ failure: { kind: 'certificate', step: 'connect' } });
  });

  it('says the provider throttles when Gmail refuses the login for too many connections, and backs off', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    let logins = 0;
    const proxy = await startImapFaultProxy({ host: dovecot.host, port: dovecot.port }, (line) => {
      if (!LOGIN.test(line)) return undefined;
      logins++;
      return { kind: 'no', text: '[ALERT] Too many simultaneous connections. (Failure)' };
    });
    try {
      const mailbox = await h.connect(proxy, userOf('throttled'));
      const scheduled = () => syncMailbox({ ...h.rt, parseQueue: h.parseQueue, syncQueue: h.syncQueue }, { spaceId, mailboxId: mailbox.id, correlationId: 'test', reason: 'schedule' });

      const first = await scheduled();
      const during = await scheduled();
      const loginsDuring = logins;
      const manual = await h.sync(mailbox.id);
      const health = await healthOf(h, spaceId, mailbox.id);
      const backoff = await h.rt.runs.getBackoff(spaceId, mailbox.id);

      expect(first).toMatchObject({ status: 'failed', reason: 'throttled' });
      expect(during).toEqual({ status: 'skipped', reason: 'backing-off' });
      expect(loginsDuring).toBe(1);
      expect(manual).toMatchObject({ status: 'failed', reason: 'throttled' });
      expect(backoff?.count).toBe(2);
      expect((await h.rt.mailboxes.getMailbox(spaceId, mailbox.id)).lastError).toContain(`sync waits until ${backoff!.until}`);
      expect(health.status).toBe('failing');
      expect(health.advice).toEqual([{ kind: 'throttled', text: SYNC_ADVICE.throttled }]);
      expect(health.items[0]).toMatchObject({ failure: { kind: 'throttled', server: { code: 'ALERT', text: expect.stringContaining('Too many simultaneous connections') } } });
    } finally {
      await proxy.stop();
    }
  });

  it('says IMAP is disabled for the account when Gmail says so at login', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const words = 'Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)';
    const proxy = await startImapFaultProxy({ host: dovecot.host, port: dovecot.port }, (line) => (LOGIN.test(line) ? { kind: 'no', text: words } : undefined));
    try {
      const mailbox = await h.connect(proxy, userOf('noimap'));

      await h.sync(mailbox.id).catch(() => undefined);
      const health = await healthOf(h, spaceId, mailbox.id);

      expect(health.status).toBe('failing');
      expect(health.advice).toEqual([{ kind: 'imap_disabled', text: SYNC_ADVICE['imap_disabled'] }]);
      expect(health.items[0]).toMatchObject({ failure: { kind: 'imap_disabled', step: 'login', server: { text: words } } });
    } finally {
      await proxy.stop();
    }
  });

  it('says too-large mail was skipped, while the mailbox keeps syncing', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('big', 'INBOX', [aMail(), aMail({ body: 'x'.repeat(200_000) })]);
    const mailbox = await h.connect(dovecot, userOf('big'), [{ path: 'INBOX', role: 'inbox' }]);

    await h.sync(mailbox.id, { limits: { maxMessageBytes: 100_000 } });
    await h.drain();
    const health = await healthOf(h, spaceId, mailbox.id);

    expect(health.status).toBe('degraded');
    expect(health.advice).toEqual([{ kind: 'too_large_skipped', text: SYNC_ADVICE['too_large_skipped'] }]);
    expect(health.items[0]).toMatchObject({ outcome: 'synced', messages: 2 });
  });
});

describe('sync health: rules that skip everything', () => {
  it('says the rules skip every new message, while sync itself works, and stops saying it once one is kept', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: 'audit-rules' }, mailRulesSchema.parse({
      exclusions: [{ id: 'too-wide', field: 'subject', operator: 'contains', value: 'order', action: 'skip' }],
    }), 0);
    await dovecot.appendMessages('ruled', 'INBOX', Array.from({ length: 12 }, (_, i) => aMail({ subject: `Re: order ${i}` })));
    const mailbox = await h.connect(dovecot, userOf('ruled'), [{ path: 'INBOX', role: 'inbox' }]);

    await h.sync(mailbox.id);
    await h.drain('batch');
    const skipping = await healthOf(h, spaceId, mailbox.id);
    await dovecot.appendMessage('ruled', 'INBOX', aMail({ subject: 'A question about invoices' }));
    await h.sync(mailbox.id);
    await h.drain('batch');
    const keeping = await healthOf(h, spaceId, mailbox.id);

    expect(skipping.items[0]).toMatchObject({ outcome: 'synced', messages: 12 });
    expect(skipping.status).toBe('degraded');
    expect(skipping.advice).toEqual([{ kind: 'rules_skip_all', text: SYNC_ADVICE.rules_skip_all }]);
    expect(keeping.status).toBe('healthy');
    expect(keeping.advice).toEqual([]);
  });
});

describe('sync health: stalled detection', () => {
  it('shows stalled and emits the alarm metric when the sync worker is stopped past 3 intervals, healthy again once it runs', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessage('stall', 'INBOX', aMail());
    const mailbox = await h.connect(dovecot, userOf('stall'), [{ path: 'INBOX', role: 'inbox' }]);
    const offset = STALLED_AFTER_INTERVALS * INTERVAL_MS + 1_000;
    const later = () => new Date(Date.now() + offset);
    const lines: string[] = [];
    const warned: string[] = [];
    const log = { info() {}, error() {}, warn: (_m: string, f?: Record<string, unknown>) => { if (f?.mailboxId) warned.push(String(f.mailboxId)); } };
    // The worker is stopped: jobs go to a queue nobody reads.
    const syncQueue = createMemoryQueue<SyncJob>();
    const poll = () => pollMailboxes({
      mailboxes: h.rt.mailboxes, syncQueue, log,
      stalled: { metrics: createEmfMetrics(SYNC_HEALTH_METRIC, (line) => lines.push(line)), now: later, intervalMs: INTERVAL_MS, metricName: SYNC_HEALTH_METRIC.name },
    }, { correlationId: 'stall-test' });

    const before = await healthOf(h, spaceId, mailbox.id);
    const stalledPoll = await poll();
    const stalled = await healthOf(h, spaceId, mailbox.id, later);
    const emitted = JSON.parse(lines[0]!) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] } };

    expect(before.status).toBe('healthy');
    expect(syncQueue.sent.some((job) => job.mailboxId === mailbox.id)).toBe(true);
    expect(stalled.status).toBe('stalled');
    expect(stalled.advice).toEqual([{ kind: 'stalled', text: SYNC_ADVICE.stalled }]);
    expect(warned).toContain(mailbox.id);
    expect(emitted._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: SYNC_HEALTH_METRIC.namespace, Metrics: [{ Name: SYNC_HEALTH_METRIC.name }] });
    expect(emitted[SYNC_HEALTH_METRIC.name]).toBe(stalledPoll.stalled);
    expect(stalledPoll.stalled).toBeGreaterThanOrEqual(1);
    console.info(`stalled poll: ${stalledPoll.stalled} stalled of ${stalledPoll.enqueued} connected mailboxes in the shared test table`);

    // The worker runs again (on the same advanced clock).
    await syncMailbox({ ...h.rt, parseQueue: h.parseQueue, syncQueue: h.syncQueue, now: later }, { spaceId, mailboxId: mailbox.id, correlationId: 'restart', reason: 'schedule' });
    warned.length = 0;
    await poll();
    const recovered = await healthOf(h, spaceId, mailbox.id, later);

    expect(recovered.status).toBe('healthy');
    expect(recovered.items[0]).toMatchObject({ outcome: 'synced', messages: 1, trigger: 'schedule' });
    expect(warned).not.toContain(mailbox.id);
  });
});
