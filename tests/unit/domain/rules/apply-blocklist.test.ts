import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import type { CustomerEventRecord } from '../../../../shared/domain/customers/record-customer-event.js';
import {
  applyBlocklistStep, BLOCKLIST_PAGE, type ApplyBlocklistDeps, type BlocklistJobState, type HidableThread,
} from '../../../../shared/domain/rules/apply-blocklist.js';

type Step = { spaceId: string; jobId: string; cursor?: string };

/** In-memory ports: threads newest first, stats events counted once per id, as the stores do. */
function world(threadCount: number, spamEvery: number) {
  let blocklist: string[] = [];
  const threads: HidableThread[] = Array.from({ length: threadCount }, (_, i) => ({
    id: `t${String(i).padStart(4, '0')}`, messageIds: [`m${i}`], hideSeq: 0,
    participants: [i % spamEvery === 0 ? `promo${i}@spam.example` : `jane${i}@northwind.example`],
  }));
  const events = new Map<string, number>();
  const audits: AuditEntry[] = [];
  const queued: Step[] = [];
  const jobs = new Map<string, BlocklistJobState>();
  const deps: ApplyBlocklistDeps = {
    blocklist: async () => blocklist,
    threads: {
      async pageThreads(_s, limit, startKey) {
        const from = startKey ? Number(startKey.at) : 0;
        const items = threads.slice(from, from + limit).map((t) => ({ ...t }));
        return { items, ...(from + limit < threads.length ? { lastKey: { at: from + limit } } : {}) };
      },
      messagesOf: async (_s, ids) => ids.map((id) => ({ id, date: '2026-11-01T00:00:00.000Z', contactIds: ['c1'], companyIds: [] })),
      async hide(_s, id, mark, seq) {
        const t = threads.findIndex((x) => x.id === id);
        if (threads[t]!.hiddenBy || threads[t]!.hideSeq !== seq - 1) return false;
        threads[t] = { ...threads[t]!, hiddenBy: mark.entries, hideSeq: seq };
        return true;
      },
      async show(_s, id, seq) {
        const t = threads.findIndex((x) => x.id === id);
        if (!threads[t]!.hiddenBy || threads[t]!.hideSeq !== seq) return false;
        const { hiddenBy: _h, ...rest } = threads[t]!;
        threads[t] = rest;
        return true;
      },
    },
    jobs: {
      get: async (_s, id) => jobs.get(id),
      async advance(_s, id, from, next, add, at) {
        const j = jobs.get(id)!;
        if (j.done || j.cursor !== from) return false;
        const { cursor: _c, previous: _p, ...rest } = j;
        jobs.set(id, { ...rest, scanned: j.scanned + add.scanned, hidden: j.hidden + add.hidden, shown: j.shown + add.shown, messages: j.messages + add.messages,
          ...(from ? { previous: from } : {}), ...(next ? { cursor: next } : { done: true, finishedAt: at }) });
        return true;
      },
    },
    async record(r: CustomerEventRecord | undefined) {
      if (r && !events.has(r.eventId)) events.set(r.eventId, r.event.kind === 'interaction' ? (r.event.delta ?? 1) : 0);
    },
    async audit(a) { if (!audits.some((x) => x.id === a.id && x.at === a.at)) audits.push(a); },
    async continueJob(j) { queued.push(j); },
    now: () => new Date('2026-11-29T12:00:00.000Z'),
    newId: (() => { let n = 0; return () => `id${++n}`; })(),
  };
  const open = (jobId: string) => jobs.set(jobId, {
    jobId, spaceId: 's1', userId: 'admin-1', requestId: 'r1', startedAt: '2026-11-29T12:00:00.000Z', added: [], removed: [],
    scanned: 0, hidden: 0, shown: 0, messages: 0, done: false,
  });
  /** Runs every queued step, each one twice (SQS delivers at least once). */
  const drain = async (first: Step) => {
    queued.push(first);
    while (queued.length > 0) {
      const step = queued.shift()!;
      await applyBlocklistStep(deps, step);
      await applyBlocklistStep(deps, step);
    }
  };
  const interactions = () => 0 + [...events.values()].reduce((a, b) => a + b, 0);
  return { threads, jobs, audits, open, drain, interactions, setBlocklist: (b: string[]) => { blocklist = b; } };
}

describe('applyBlocklistStep', () => {
  it('hides every thread with a blocked participant across pages, once each, however often steps are redelivered', async () => {
    const w = world(BLOCKLIST_PAGE + 50, 3);
    w.setBlocklist(['@spam.example']);
    w.open('j1');

    await w.drain({ spaceId: 's1', jobId: 'j1' });

    const hidden = w.threads.filter((t) => t.hiddenBy);
    expect(hidden).toHaveLength(50);
    expect(hidden.every((t) => t.participants[0]!.endsWith('@spam.example') && t.hideSeq === 1)).toBe(true);
    expect(w.jobs.get('j1')).toMatchObject({ done: true, scanned: 150, hidden: 50, shown: 0, messages: 50 });
    expect(w.interactions()).toBe(-50);
    expect(w.audits.filter((a) => a.action === 'blocklist-applied')).toHaveLength(1);
    expect(w.audits.filter((a) => a.action === 'hidden')).toHaveLength(50);
  });

  it('shows the threads again when the entry goes, putting each interaction back exactly once, and a second run changes nothing', async () => {
    const w = world(BLOCKLIST_PAGE + 50, 3);
    w.setBlocklist(['@spam.example']);
    w.open('j1');
    await w.drain({ spaceId: 's1', jobId: 'j1' });

    w.setBlocklist([]);
    w.open('j2');
    await w.drain({ spaceId: 's1', jobId: 'j2' });
    w.open('j3');
    await w.drain({ spaceId: 's1', jobId: 'j3' });

    expect(w.threads.filter((t) => t.hiddenBy)).toHaveLength(0);
    expect(w.interactions()).toBe(0);
    expect(w.jobs.get('j2')).toMatchObject({ done: true, scanned: 150, hidden: 0, shown: 50, messages: 50 });
    expect(w.jobs.get('j3')).toMatchObject({ done: true, scanned: 150, hidden: 0, shown: 0, messages: 0 });
  });

  it('hides a thread again after it was shown, counting the new transition under new event ids', async () => {
    const w = world(3, 3);
    for (const [job, list] of [['j1', ['promo0@spam.example']], ['j2', []], ['j3', ['promo0@spam.example']]] as const) {
      w.setBlocklist([...list]);
      w.open(job);
      await w.drain({ spaceId: 's1', jobId: job });
    }

    expect(w.threads[0]).toMatchObject({ hiddenBy: ['promo0@spam.example'], hideSeq: 2 });
    expect(w.interactions()).toBe(-1);
  });

  it('leaves alone a thread the mail-rules re-apply job hid: only blocklist entries are the blocklist\'s to show again', async () => {
    const w = world(3, 3);
    w.threads[1] = { ...w.threads[1]!, hiddenBy: ['exclusion:newsletters'], hideSeq: 1 };
    w.setBlocklist([]);
    w.open('j1');

    await w.drain({ spaceId: 's1', jobId: 'j1' });

    expect(w.threads[1]).toMatchObject({ hiddenBy: ['exclusion:newsletters'], hideSeq: 1 });
    expect(w.jobs.get('j1')).toMatchObject({ done: true, shown: 0, messages: 0 });
    expect(w.interactions()).toBe(0);
  });
});
