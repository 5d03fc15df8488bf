import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syncMailbox, type SyncOutcome } from '../../../../shared/domain/threads/sync-mailbox.js';
import { aMailOf, SPACE, syncWorld } from './sync-fixtures.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('syncMailbox budgets', () => {
  it('stops at the byte budget with the cursor past the handed-on UIDs, says so in lastError and queues its continuation', async () => {
    const w = syncWorld({ byteBudget: 3_000, batchBytes: 1_000 });
    for (let i = 0; i < 10; i++) w.server.deliver('INBOX', aMailOf(1_000, i));

    const first = await syncMailbox(w.deps, w.input);

    expect(first).toMatchObject({ status: 'stopped', on: 'bytes', messages: 3, continued: true });
    expect(w.syncState.cursors.get(`${SPACE}/mb-1/INBOX`)).toMatchObject({ lastUid: 3 });
    expect(w.status.lastError).toMatch(/stopped at the 0 MB budget of one sync run after 3 messages; the sync continues in the next run/);
    expect(w.syncQueue.sent.map((s) => s.job.reason)).toEqual(['continue']);
  });

  it('completes a big first sync in budgeted runs with 0 lost and 0 duplicated', async () => {
    const w = syncWorld({ byteBudget: 50_000, batchBytes: 4_000 });
    for (let i = 0; i < 400; i++) w.server.deliver('INBOX', aMailOf(500, i));

    const outcomes: SyncOutcome[] = [];
    do outcomes.push(await syncMailbox(w.deps, w.input));
    while (outcomes.at(-1)!.status === 'stopped' && outcomes.length < 50);
    const uids = w.parseQueue.sent.map((j) => j.uid);

    expect(outcomes.at(-1)).toMatchObject({ status: 'synced' });
    expect(outcomes.length).toBeGreaterThan(3);
    expect(new Set(uids).size).toBe(400);
    expect(uids).toHaveLength(400);
    expect(w.syncQueue.sent).toHaveLength(outcomes.length - 1);
    expect(w.status.lastError).toBeUndefined();
  });

  it('drops the connection of a server that stalls inside FETCH when the time budget ends, keeping the cursor', async () => {
    const w = syncWorld({ timeBudgetMs: 200 });
    w.server.deliver('INBOX', aMailOf(500));
    w.server.beforeFetch = () => new Promise(() => undefined);

    const outcome = await syncMailbox(w.deps, w.input);

    expect(outcome).toMatchObject({ status: 'stopped', on: 'time', messages: 0, continued: false });
    expect(w.status.lastError).toMatch(/stopped at the 0.2 s time budget of one sync run after 0 messages; .* too slow/);
    expect(w.syncState.cursors.get(`${SPACE}/mb-1/INBOX`)).toBeUndefined();
    expect(w.syncQueue.sent).toEqual([]);
    expect(w.parseQueue.sent).toEqual([]);
  });
});

describe('syncMailbox hand-off', () => {
  it('queues the parse jobs of each FETCH step in one envelope (one queue message for its mails)', async () => {
    const w = syncWorld();
    for (let i = 0; i < 60; i++) w.server.deliver('INBOX', aMailOf(500, i));

    await syncMailbox(w.deps, w.input);

    expect(w.parseQueue.sent.map((j) => j.uid).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // 60 mails in FETCH steps of 25: 25, 25, 10, each step's jobs in one envelope.
    expect(w.parseQueue.batches).toEqual([25, 25, 10]);
  });

  it('completes a 10,000-message first sync in budgeted runs with 0 lost and 0 duplicated', async () => {
    const w = syncWorld({ byteBudget: 400_000 });
    for (let i = 0; i < 10_000; i++) w.server.deliver('INBOX', aMailOf(200, i));

    const outcomes: SyncOutcome[] = [];
    do outcomes.push(await syncMailbox(w.deps, w.input));
    while (outcomes.at(-1)!.status === 'stopped' && outcomes.length < 100);
    const uids = w.parseQueue.sent.map((j) => j.uid);
    console.log(`10,000-message first sync: ${outcomes.length} runs, ${new Set(uids).size} distinct of ${uids.length} handed on`);

    expect(outcomes.at(-1)).toMatchObject({ status: 'synced' });
    expect(outcomes.length).toBeGreaterThan(3);
    expect(new Set(uids).size).toBe(10_000);
    expect(uids).toHaveLength(10_000);
  });
});

describe('syncMailbox fairness', () => {
  it('defers a job, with a delay, while its Space holds every sync slot, then runs it once a slot is free', async () => {
    const w = syncWorld({ slotsPerSpace: 1, deferSeconds: 20 });
    w.server.deliver('INBOX', aMailOf(500));
    await w.syncState.acquireSpaceSlot(SPACE, 'another-run', Date.now(), 60_000, 1);

    const deferred = await syncMailbox(w.deps, { ...w.input, reason: 'schedule' });
    await w.syncState.releaseSpaceSlot(SPACE, 0, 'another-run');
    const later = await syncMailbox(w.deps, w.input);

    expect(deferred).toEqual({ status: 'deferred', delaySeconds: 20 });
    expect(w.syncQueue.sent).toEqual([{ job: expect.objectContaining({ spaceId: SPACE, mailboxId: 'mb-1', reason: 'schedule' }), delaySeconds: 20 }]);
    expect(later).toMatchObject({ status: 'synced', messages: 1 });
    expect(w.syncState.slots.size).toBe(0);
  });
});

describe('syncMailbox with mail the server will not serve', () => {
  it('fetches a refused batch one UID at a time, records the refused UID as unfetchable and moves the cursor past it', async () => {
    const w = syncWorld();
    for (let i = 0; i < 5; i++) w.server.deliver('INBOX', aMailOf(500, i));
    w.server.refuse(3);

    const outcome = await syncMailbox(w.deps, w.input);
    const [problem] = w.problems.items.values();

    expect(outcome).toMatchObject({ status: 'synced', messages: 4, unfetchable: 1 });
    expect(w.parseQueue.sent.map((j) => j.uid)).toEqual([1, 2, 4, 5]);
    expect(problem).toMatchObject({ kind: 'unfetchable', folder: 'INBOX', uid: 3, uidValidity: '1', attempts: 1 });
    expect(problem?.reason).toMatch(/refused .* \(3 tries\)/);
    expect(w.syncState.cursors.get(`${SPACE}/mb-1/INBOX`)).toMatchObject({ lastUid: 5 });
  });

  it('fetches an unfetchable UID again on request and resolves its problem once the server serves it', async () => {
    const w = syncWorld();
    for (let i = 0; i < 3; i++) w.server.deliver('INBOX', aMailOf(500, i));
    w.server.refuse(2);
    await syncMailbox(w.deps, w.input);
    const [problem] = w.problems.items.values();
    await w.problems.requestRetry(SPACE, 'mb-1', problem!.id, new Date().toISOString());

    const stillRefused = await syncMailbox(w.deps, { ...w.input, retryProblems: true });
    const attemptsAfter = w.problems.items.get(problem!.id)?.attempts;
    await w.problems.requestRetry(SPACE, 'mb-1', problem!.id, new Date().toISOString());
    w.server.refuse(2, false);
    const served = await syncMailbox(w.deps, { ...w.input, retryProblems: true });

    expect(stillRefused).toMatchObject({ status: 'synced', unfetchable: 1 });
    expect(attemptsAfter).toBe(2);
    expect(served).toMatchObject({ status: 'synced', messages: 1, unfetchable: 0 });
    expect(w.problems.items.size).toBe(0);
    expect(w.parseQueue.sent.map((j) => [j.uid, j.retry ?? false])).toEqual([[1, false], [3, false], [2, true]]);
  });
});

describe('syncMailbox with big mail', () => {
  it('streams mail above the batch threshold whole and keeps mail above the cap as headers with a too-large problem', async () => {
    const w = syncWorld({ streamAboveBytes: 1_000, maxMessageBytes: 5_000 });
    const big = aMailOf(3_000, 'big');
    const huge = aMailOf(8_000, 'huge');
    w.server.deliver('INBOX', aMailOf(500, 'small'));
    w.server.deliver('INBOX', big);
    w.server.deliver('INBOX', huge);

    const outcome = await syncMailbox(w.deps, w.input);
    const [, bigJob, hugeJob] = w.parseQueue.sent;
    const [problem] = w.problems.items.values();

    expect(outcome).toMatchObject({ status: 'synced', messages: 3 });
    expect(bigJob).toMatchObject({ uid: 2, size: Buffer.byteLength(big), sha256: sha256(big) });
    expect(w.blobs.objects.get(bigJob!.rawKey)?.toString()).toBe(big);
    expect(hugeJob).toMatchObject({ uid: 3, tooLargeSize: Buffer.byteLength(huge) });
    expect(w.blobs.objects.get(hugeJob!.rawKey)?.toString()).toBe(huge.slice(0, huge.indexOf('\r\n\r\n') + 4));
    expect(problem).toMatchObject({ kind: 'too_large', uid: 3, size: Buffer.byteLength(huge), rawKey: hugeJob!.rawKey });
    expect(problem?.reason).toMatch(/too large: .* MB is above the .* MB limit; only the headers were imported/);
  });
});

describe('syncMailbox history window', () => {
  it('imports on the first sync only the mail of the mailbox\'s historyDays, and the default 30 days without one', async () => {
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);
    const deliverAged = (w: ReturnType<typeof syncWorld>) => [2, 6, 20, 45].forEach((age) => w.server.deliver('INBOX', aMailOf(300, `age-${age}`), { date: days(age) }));
    const short = syncWorld({}, 'mb-short');
    short.mailboxes.set('mb-short', { ...short.record, historyDays: 7 });
    deliverAged(short);
    const standard = syncWorld({}, 'mb-standard');
    deliverAged(standard);

    await syncMailbox(short.deps, short.input);
    await syncMailbox(standard.deps, standard.input);

    expect(short.parseQueue.sent.map((j) => j.uid)).toEqual([1, 2]);
    expect(standard.parseQueue.sent.map((j) => j.uid)).toEqual([1, 2, 3]);
  });
});
