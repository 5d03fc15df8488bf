/** A thread's whole inbox state in one facet: `state#<status>#<read>#<assigned>#<linked>#<direction>`. */
export type StateFacet = `state#${string}`;

/**
 * The state dimensions and their values, in key order. A thread is listed under exactly one
 * combination (one index item, one write unit), so a state change moves one item instead of one per
 * facet; a filter reads the combinations it allows (at most 32, 16 once it names one dimension).
 */
const DIMENSIONS = [
  ['open', 'completed'],
  ['unread', 'read'],
  ['unassigned', 'assigned'],
  ['unlinked', 'linked'],
  ['inbound', 'outbound'],
] as const;

export interface StateOf {
  readonly status: 'open' | 'completed';
  readonly unread: boolean;
  readonly assigneeId?: string | undefined;
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
  readonly lastDirection?: 'inbound' | 'outbound' | undefined;
}

/** The one state facet a thread is listed under. A thread without a direction (none since replies were tracked) sits with `inbound`. */
export function stateFacet(t: StateOf): StateFacet {
  const unlinked = t.contactIds.length === 0 && t.companyIds.length === 0;
  return `state#${t.status}#${t.unread ? 'unread' : 'read'}#${t.assigneeId ? 'assigned' : 'unassigned'}#${unlinked ? 'unlinked' : 'linked'}#${t.lastDirection === 'outbound' ? 'outbound' : 'inbound'}`;
}

/** What a filter asks of each state dimension; undefined allows both values. */
export interface StateFilter {
  readonly status?: 'open' | 'completed' | undefined;
  readonly unread?: boolean | undefined;
  /** True: assigned to someone; false: unassigned. */
  readonly assigned?: boolean | undefined;
  readonly unlinked?: boolean | undefined;
  readonly direction?: 'inbound' | 'outbound' | undefined;
}

/** Every state facet a filter allows (the product of the values each dimension allows). */
export function stateFacetsOf(f: StateFilter): StateFacet[] {
  const pick = (i: number, wanted: string | undefined) => (wanted === undefined ? [...DIMENSIONS[i]!] : [wanted]);
  const allowed = [
    pick(0, f.status),
    pick(1, f.unread === undefined ? undefined : f.unread ? 'unread' : 'read'),
    pick(2, f.assigned === undefined ? undefined : f.assigned ? 'assigned' : 'unassigned'),
    pick(3, f.unlinked === undefined ? undefined : f.unlinked ? 'unlinked' : 'linked'),
    pick(4, f.direction),
  ];
  return allowed.reduce<string[]>((acc, values) => acc.flatMap((a) => values.map((v) => `${a}#${v}`)), ['state']) as StateFacet[];
}

/**
 * The badge counts (`all`, `unread`, `open`, `completed`, `unassigned`, `unlinked`,
 * `last#inbound`, `last#outbound`) summed from the state counters; other counters pass through.
 * Counters under those names themselves (written before the state facet) are added in: a thread
 * moved to its state facet took itself off them, so each thread is counted once.
 */
export function deriveCounts(raw: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  const add = (k: string, n: number) => out.set(k, (out.get(k) ?? 0) + n);
  for (const [facet, n] of raw) {
    if (!facet.startsWith('state#')) { add(facet, n); continue; }
    const [, status, read, assigned, linked, direction] = facet.split('#');
    add('all', n);
    add(String(status), n);
    if (read === 'unread') add('unread', n);
    if (assigned === 'unassigned') add('unassigned', n);
    if (linked === 'unlinked') add('unlinked', n);
    add(`last#${direction}`, n);
  }
  return out;
}
