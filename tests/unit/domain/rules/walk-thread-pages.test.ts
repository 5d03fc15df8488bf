import { describe, expect, it } from 'vitest';
import { walkThreadPages, type ThreadPage } from '../../../../shared/domain/rules/walk-thread-pages.js';

/** Ten threads 0..9 in pages of `size`, the start key naming the first of the page. */
const pages = (size: number) => async (startKey: Record<string, unknown> | undefined): Promise<ThreadPage<number>> => {
  const from = Number(startKey?.at ?? 0);
  const items = Array.from({ length: Math.min(size, 10 - from) }, (_, i) => from + i);
  return { items, ...(from + size < 10 ? { lastKey: { at: from + size } } : {}) };
};

/** A job cursor kept as a conditional write would: an advance from anywhere but the current cursor fails. */
function aJob(cursor?: string) {
  const job = { cursor, seen: [] as number[], moves: [] as [string | undefined, string | undefined][] };
  const advance = async (from: string | undefined, next: string | undefined, add: number[]) => {
    if (from !== job.cursor) return false;
    job.cursor = next; job.seen.push(...add); job.moves.push([from, next]);
    return true;
  };
  return { job, advance };
}

describe('walkThreadPages', () => {
  it('walks every page in one step while `more` allows, advancing past each', async () => {
    const { job, advance } = aJob();

    const walked = await walkThreadPages({ page: pages(4), visit: async (items) => ({ add: [...items] }), advance, more: () => true });

    expect(job.seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(job.cursor).toBeUndefined();
    expect(walked).toEqual({ advanced: true, from: '{"at":8}' });
  });

  it('stops after one page when `more` refuses, leaving the cursor at the next', async () => {
    const { job, advance } = aJob('{"at":4}');

    const walked = await walkThreadPages({ cursor: '{"at":4}', page: pages(4), visit: async (items) => ({ add: [...items] }), advance, more: () => false });

    expect(job.seen).toEqual([4, 5, 6, 7]);
    expect(job.cursor).toBe('{"at":8}');
    expect(walked).toEqual({ advanced: true, from: '{"at":4}' });
  });

  it('ends the job at a page its visit calls the last, though more pages follow', async () => {
    const { job, advance } = aJob();

    await walkThreadPages({ page: pages(4), visit: async (items) => ({ add: [...items], last: items.includes(5) }), advance, more: () => true });

    expect(job.seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(job.moves.at(-1)).toEqual(['{"at":4}', undefined]);
  });

  it('answers not advanced when another delivery moved the cursor first', async () => {
    const { job, advance } = aJob('{"at":8}');

    const walked = await walkThreadPages({ cursor: '{"at":4}', page: pages(4), visit: async (items) => ({ add: [...items] }), advance, more: () => true });

    expect(walked).toEqual({ advanced: false, from: '{"at":4}' });
    expect(job.seen).toEqual([]);
  });

  it('hands a page that throws to `failed` and ends unadvanced at that page, the pages before it kept', async () => {
    const { job, advance } = aJob();
    const failures: (string | undefined)[] = [];

    const walked = await walkThreadPages({
      page: pages(4), advance, more: () => true,
      visit: async (items) => { if (items.includes(4)) throw new Error('page broke'); return { add: [...items] }; },
      failed: async (cursor) => { failures.push(cursor); },
    });

    expect(job.seen).toEqual([0, 1, 2, 3]);
    expect(failures).toEqual(['{"at":4}']);
    expect(walked).toEqual({ advanced: false, from: '{"at":4}' });
  });

  it('lets the error through without `failed`, or when `failed` rethrows it', async () => {
    const broken = { page: pages(4), advance: aJob().advance, more: () => true, visit: async (): Promise<{ add: number[] }> => { throw new Error('page broke'); } };

    await expect(walkThreadPages(broken)).rejects.toThrow('page broke');
    await expect(walkThreadPages({ ...broken, failed: async (_c, error) => { throw error; } })).rejects.toThrow('page broke');
  });
});
