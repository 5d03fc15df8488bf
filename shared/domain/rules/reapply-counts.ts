/** What a re-apply job changed so far. */
export interface ReapplyCounts {
  /** Messages judged (in the window, of the mailbox when one was named). */
  readonly scanned: number;
  readonly hiddenThreads: number;
  readonly shownThreads: number;
  readonly unlinkedMessages: number;
  readonly privateThreads: number;
  /** Messages a removed `no_link` rule had kept unlinked, linked again. */
  readonly relinkedMessages: number;
  /** Threads that lost a level only removed `private` rules had given them. */
  readonly unmarkedThreads: number;
  /** Messages stored whole that `headers_only` now keeps as headers only. */
  readonly headersOnlyMessages: number;
}

export type CountsDelta = ReapplyCounts;

export const zero: CountsDelta = { scanned: 0, hiddenThreads: 0, shownThreads: 0, unlinkedMessages: 0, privateThreads: 0, relinkedMessages: 0, unmarkedThreads: 0, headersOnlyMessages: 0 };
export const plus = (a: CountsDelta, b: Partial<CountsDelta>): CountsDelta => ({
  scanned: a.scanned + (b.scanned ?? 0), hiddenThreads: a.hiddenThreads + (b.hiddenThreads ?? 0), shownThreads: a.shownThreads + (b.shownThreads ?? 0),
  unlinkedMessages: a.unlinkedMessages + (b.unlinkedMessages ?? 0), privateThreads: a.privateThreads + (b.privateThreads ?? 0),
  relinkedMessages: a.relinkedMessages + (b.relinkedMessages ?? 0), unmarkedThreads: a.unmarkedThreads + (b.unmarkedThreads ?? 0),
  headersOnlyMessages: a.headersOnlyMessages + (b.headersOnlyMessages ?? 0),
});
/** Everything the job changed: a second run over the same mail and rules finds 0. */
export const changedOf = (c: ReapplyCounts): number =>
  c.hiddenThreads + c.shownThreads + c.unlinkedMessages + c.privateThreads + (c.relinkedMessages ?? 0) + (c.unmarkedThreads ?? 0) + (c.headersOnlyMessages ?? 0);
