/** A page of the Space's threads, newest first, and the key the next page starts at. */
export interface ThreadPage<T> {
  readonly items: T[];
  readonly lastKey?: Record<string, unknown>;
}

/** One step of a job that walks the Space's threads page by page, its cursor moved by a conditional write. */
export interface ThreadPageWalk<T, D> {
  /** The job's serialized start key where this step begins; absent on the first page. */
  readonly cursor?: string;
  readonly page: (startKey: Record<string, unknown> | undefined) => Promise<ThreadPage<T>>;
  /** Acts on one page and answers what it adds to the job's counts; `last` ends the job after it (a window's end). */
  readonly visit: (items: readonly T[]) => Promise<{ add: D; last?: boolean }>;
  /** Moves the cursor from `from` to `next` (absent: done), adding `add`; false when another delivery of the step moved it first. */
  readonly advance: (from: string | undefined, next: string | undefined, add: D) => Promise<boolean>;
  /** Whether this step may go on to the next page (or leave it to the next queued step). */
  readonly more: () => boolean;
  /**
   * When reading or visiting the page at `cursor` throws: without it the error propagates; with it
   * the walk ends there unadvanced once it resolves (it may rethrow to fail the step).
   */
  readonly failed?: (cursor: string | undefined, error: unknown) => Promise<void>;
}

/**
 * Walks pages from the cursor: visits each, advances the job past it, and goes on while there is a
 * next page and `more` allows. Answers whether the last advance was this step's (false: a concurrent
 * delivery got there first) and the cursor it advanced from, which the job then names as `previous`.
 */
export async function walkThreadPages<T, D>(walk: ThreadPageWalk<T, D>): Promise<{ advanced: boolean; from: string | undefined }> {
  let cursor = walk.cursor;
  for (;;) {
    let visited: { add: D; next: string | undefined };
    try {
      const page = await walk.page(cursor ? JSON.parse(cursor) as Record<string, unknown> : undefined);
      const { add, last } = await walk.visit(page.items);
      visited = { add, next: page.lastKey && !last ? JSON.stringify(page.lastKey) : undefined };
    } catch (error) {
      if (!walk.failed) throw error;
      await walk.failed(cursor, error);
      return { advanced: false, from: cursor };
    }
    const { add, next } = visited;
    if (!(await walk.advance(cursor, next, add))) return { advanced: false, from: cursor };
    if (!next || !walk.more()) return { advanced: true, from: cursor };
    cursor = next;
  }
}
