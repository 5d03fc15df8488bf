/** Wall-clock times in an IANA time zone, turned into UTC instants (the only kind the store keeps). */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Whether the runtime knows the zone (Node ships full ICU, so every IANA name is known). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (zone: string) => {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
};

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
function offsetAt(ms: number, zone: string): number {
  const parts = Object.fromEntries(formatterOf(zone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The UTC instant of a wall-clock time in a zone. A time the clocks skip (spring forward) is read
 * with the offset before the change, so it lands one hour later; a time that happens twice (fall
 * back) is the first of the two.
 */
function wallToUtc(wallAsUtc: number, zone: string): number {
  const before = offsetAt(wallAsUtc - 86_400_000, zone);
  const after = offsetAt(wallAsUtc + 86_400_000, zone);
  const candidates = [wallAsUtc - before, wallAsUtc - after].filter((ms) => ms + offsetAt(ms, zone) === wallAsUtc);
  return candidates.length > 0 ? Math.min(...candidates) : wallAsUtc - before;
}

/** `2030-03-04T09:30` (no offset) in the zone, as an ISO UTC instant; undefined when it is not such a time. */
export function localTimeToUtc(local: string, zone: string): string | undefined {
  const m = LOCAL.exec(local);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, Number.isNaN(s) ? 0 : s!);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59 || (s ?? 0) > 59) return undefined;
  return new Date(wallToUtc(wall, zone)).toISOString();
}

/** The last millisecond of a calendar day in the zone: a to-do due that day is overdue after it. */
export function endOfDayUtc(date: string, zone: string): string | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const [, y, mo, d] = m.map(Number) as number[];
  const start = Date.UTC(y!, mo! - 1, d!);
  const check = new Date(start);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d!) return undefined;
  return new Date(wallToUtc(start + 86_400_000, zone) - 1).toISOString();
}
