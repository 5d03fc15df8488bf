import { describe, expect, it } from 'vitest';
import { fingerprintOfRequest, sendIdFor, sendOnce, SendInProgressError, SendKeyReusedError, SEND_CLAIM_STALE_MS, type SendOnceDeps } from '../../../../shared/domain/threads/send-once.js';
import { createMemorySendRecords } from '../../../../shared/store/memory-send-records.js';

function world(start = Date.parse('2026-11-29T12:00:00Z')) {
  let clock = start;
  let n = 0;
  const sends = createMemorySendRecords<{ n: number }>();
  const log = { sent: 0, followUps: 0 };
  const deps: SendOnceDeps<{ n: number }> = {
    sends, now: () => new Date(clock), newId: () => `tok-${++n}`,
    wait: async (ms) => { clock += ms; await new Promise((r) => setImmediate(r)); },
  };
  const steps = {
    send: async () => { log.sent++; await new Promise((r) => setImmediate(r)); return { n: log.sent }; },
    afterSent: async () => { log.followUps++; },
  };
  return { deps, sends, log, steps, advance: (ms: number) => { clock += ms; } };
}

const req = { spaceId: 's1', owner: 'u1', key: 'k1', request: { text: 'hello' } };

describe('sendOnce', () => {
  it('sends once for 10 concurrent requests with one key and answers each with the first result', async () => {
    const w = world();

    const results = await Promise.all(Array.from({ length: 10 }, () => sendOnce(w.deps, req, w.steps)));

    expect(results).toEqual(Array(10).fill({ n: 1 }));
    expect(w.log).toEqual({ sent: 1, followUps: 1 });
  });

  it('sends every time without a key', async () => {
    const w = world();

    await sendOnce(w.deps, { ...req, key: undefined }, w.steps);
    await sendOnce(w.deps, { ...req, key: undefined }, w.steps);

    expect(w.log.sent).toBe(2);
  });

  it('refuses the same key with another request and sends nothing more', async () => {
    const w = world();
    await sendOnce(w.deps, req, w.steps);

    await expect(sendOnce(w.deps, { ...req, request: { text: 'other' } }, w.steps)).rejects.toThrow(SendKeyReusedError);
    expect(w.log.sent).toBe(1);
  });

  it('keeps keys apart per user', async () => {
    const w = world();

    await sendOnce(w.deps, req, w.steps);
    await sendOnce(w.deps, { ...req, owner: 'u2' }, w.steps);

    expect(w.log.sent).toBe(2);
  });

  it('lets a retry send again when the first send failed', async () => {
    const w = world();
    const failing = { ...w.steps, send: async () => { throw new Error('provider down'); } };
    await expect(sendOnce(w.deps, req, failing)).rejects.toThrow('provider down');

    const result = await sendOnce(w.deps, req, w.steps);

    expect(result).toEqual({ n: 1 });
    expect(w.log).toEqual({ sent: 1, followUps: 1 });
  });

  it('runs a failed follow-up again on retry without sending again', async () => {
    const w = world();
    const failingFollowUp = { ...w.steps, afterSent: async () => { throw new Error('queue down'); } };
    await expect(sendOnce(w.deps, req, failingFollowUp)).rejects.toThrow('queue down');

    const result = await sendOnce(w.deps, req, w.steps);
    await sendOnce(w.deps, req, w.steps);

    expect(result).toEqual({ n: 1 });
    expect(w.log).toEqual({ sent: 1, followUps: 1 });
  });

  it('answers request-in-progress while a live claim holds, and takes over a stale one', async () => {
    const w = world();
    const record = { id: sendIdFor('s1', 'u1', 'k1'), fingerprint: fingerprintOfRequest(req.request), state: 'sending' as const, token: 'dead' };
    await w.sends.claim('s1', { ...record, claimedAt: w.deps.now().toISOString() }, 0);

    await expect(sendOnce(w.deps, req, w.steps)).rejects.toThrow(SendInProgressError);
    w.advance(SEND_CLAIM_STALE_MS);
    const result = await sendOnce(w.deps, req, w.steps);

    expect(result).toEqual({ n: 1 });
    expect(w.log.sent).toBe(1);
  });
});
