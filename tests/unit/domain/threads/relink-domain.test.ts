import { describe, expect, it } from 'vitest';
import type { LinkJob } from '../../../../shared/domain/threads/pipeline-jobs.js';
import type { ThreadSummary } from '../../../../shared/domain/threads/ports.js';
import { RELINK_DOMAIN_PAGE, relinkDomainStep } from '../../../../shared/domain/threads/relink-domain.js';

const aThread = (i: number, participants: string[]): ThreadSummary => ({
  id: `t${i}`, subject: 's', lastMessageAt: '2026-11-01T00:00:00.000Z', messageCount: 1, participants, lastSnippet: '', contactIds: [], companyIds: [],
});

describe('relinkDomainStep', () => {
  it('relinks each participant on exactly that domain once per page and walks every page through the queue', async () => {
    const threads = Array.from({ length: RELINK_DOMAIN_PAGE + 20 }, (_, i) => aThread(i, [
      i % 2 === 0 ? `ann@newco.example` : `p${i}@other.example`, ...(i === 5 ? ['Cy@NEWCO.example', 'x@sub.newco.example'] : []),
    ]));
    const relinked: string[] = [];
    const queue: LinkJob[] = [];
    const deps = {
      threads: { async listThreads(_s: string, limit: number, startKey?: Record<string, unknown>) {
        const from = startKey ? Number(startKey.at) : 0;
        return { items: threads.slice(from, from + limit), ...(from + limit < threads.length ? { lastKey: { at: from + limit } } : {}) };
      } },
      relinkAddress: async (input: { address: string }) => { relinked.push(input.address); return 1; },
      linkQueue: { send: async (job: LinkJob) => { queue.push(job); } },
    };
    const first: Extract<LinkJob, { kind: 'relink-domain' }> = { v: 1, kind: 'relink-domain', correlationId: 'c', spaceId: 's1', domain: 'newco.example' };

    await relinkDomainStep(deps, first);
    const next = queue.shift() as Extract<LinkJob, { kind: 'relink-domain' }>;
    await relinkDomainStep(deps, next);

    expect(relinked).toEqual(['ann@newco.example', 'cy@newco.example', 'ann@newco.example']);
    expect(next).toMatchObject({ kind: 'relink-domain', domain: 'newco.example', cursor: JSON.stringify({ at: RELINK_DOMAIN_PAGE }) });
    expect(queue).toEqual([]);
  });
});
