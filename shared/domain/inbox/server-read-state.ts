/** One message the mail server reported with its `\Seen` flag, resolved to the stored mail. */
export interface ObservedSeen {
  readonly uid: number;
  /** The stored message's identity. */
  readonly id: string;
  readonly threadId: string;
  readonly seen: boolean;
}

/** What the read rule needs of a thread. */
export interface ThreadReadState {
  readonly threadId: string;
  readonly unread: boolean;
  /** Counts staff changes; the sync's write is conditioned on it, so a racing staff change wins. */
  readonly version: number;
  /** When staff last marked the thread read or unread in the CRM (ISO). */
  readonly readChangedAt?: string;
  /** Identity of the thread's newest customer (inbound) message. */
  readonly newestInboundId?: string;
}

export type ReadDecision =
  /** The mail client's state is the newer one: the thread takes it. */
  | { readonly kind: 'apply'; readonly threadId: string; readonly unread: boolean; readonly expected: Pick<ThreadReadState, 'version' | 'unread'> }
  /** The CRM's mark is the newer one: it stays, and the server gets it back on these UIDs. */
  | { readonly kind: 'keep-crm'; readonly threadId: string; readonly seen: boolean; readonly uids: readonly number[] };

/**
 * Decides what the `\Seen` flags a sync found mean for each thread. A thread's read state follows
 * its newest customer message (the mirror of the CRM → server direction, where unread clears
 * `\Seen` on that message): seen → read, not seen → unread; flags on other messages decide nothing.
 * When the CRM and the mail client disagree the newer change wins. The server cannot say when a
 * flag changed, only that it changed after the previous sync of the folder (`previousCheckAt`), so a
 * staff mark made after that moment counts as the newer one (it has been queued for the server too)
 * and the server is set back to it; a mark made before it is older than the client's change. With
 * no known previous check the client's change wins.
 */
export function decideServerReadState(
  observed: readonly ObservedSeen[], threads: readonly ThreadReadState[], previousCheckAt: string | undefined,
): ReadDecision[] {
  const decisions: ReadDecision[] = [];
  for (const thread of threads) {
    const newest = observed.find((o) => o.threadId === thread.threadId && o.id === thread.newestInboundId);
    if (!newest || !newest.seen === thread.unread) continue;
    const crmNewer = thread.readChangedAt !== undefined && previousCheckAt !== undefined && thread.readChangedAt > previousCheckAt;
    decisions.push(crmNewer
      ? { kind: 'keep-crm', threadId: thread.threadId, seen: !thread.unread, uids: [newest.uid] }
      : { kind: 'apply', threadId: thread.threadId, unread: !newest.seen, expected: { version: thread.version, unread: thread.unread } });
  }
  return decisions;
}
