/**
 * RFC 5545 text for a staff user's calendar feed: meetings become VEVENTs, tasks VTODOs. UIDs are
 * the activity id at the Space, so a calendar client updates an entry in place (SEQUENCE counts
 * its edits) instead of duplicating it.
 */
export interface CalendarEntry {
  readonly activityId: string;
  readonly type: 'meeting' | 'task' | string;
  readonly subject: string;
  /** ISO start (meeting) or due time (task). */
  readonly at: string;
  readonly durationMinutes?: number;
  readonly location?: string;
  readonly notes?: string;
  readonly outcome?: string;
  readonly doneAt?: string;
  /** A task due on a day, not at a time: DUE is then a DATE. */
  readonly dueDate?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** A meeting without a duration fills half an hour. */
export const DEFAULT_MEETING_MINUTES = 30;
const MAX_OCTETS = 75;

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export const escapeText = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');

/** UTC DATE-TIME in basic format: 20270331T093000Z. */
export const utcStamp = (iso: string): string => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * Folds a content line at 75 octets (§3.1): continuation lines start with one space, and a UTF-8
 * sequence is never split.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const prop = (name: string, value: string | undefined): string[] => (value === undefined || value === '' ? [] : [`${name}:${value}`]);

function component(e: CalendarEntry, spaceId: string): string[] {
  const uid = `${e.activityId}@${spaceId}.mailbridge`;
  const description = [e.notes, e.outcome ? `Outcome: ${e.outcome}` : undefined].filter(Boolean).join('\n\n');
  const common = [
    `UID:${uid}`, `DTSTAMP:${utcStamp(e.updatedAt)}`, `CREATED:${utcStamp(e.createdAt)}`, `LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
    `SEQUENCE:${Math.max(0, e.version - 1)}`, `SUMMARY:${escapeText(e.subject)}`,
    ...prop('LOCATION', e.location === undefined ? undefined : escapeText(e.location)), ...prop('DESCRIPTION', description ? escapeText(description) : undefined),
  ];
  if (e.type === 'task') {
    const done = e.doneAt ? ['STATUS:COMPLETED', `COMPLETED:${utcStamp(e.doneAt)}`] : ['STATUS:NEEDS-ACTION'];
    const due = e.dueDate ? `DUE;VALUE=DATE:${e.dueDate.replace(/-/g, '')}` : `DUE:${utcStamp(e.at)}`;
    return ['BEGIN:VTODO', ...common, due, ...done, 'END:VTODO'];
  }
  const end = new Date(Date.parse(e.at) + (e.durationMinutes ?? DEFAULT_MEETING_MINUTES) * 60_000).toISOString();
  return ['BEGIN:VEVENT', ...common, `DTSTART:${utcStamp(e.at)}`, `DTEND:${utcStamp(end)}`, 'END:VEVENT'];
}

/** The whole feed, CRLF line endings, folded. */
export function toICalendar(spaceId: string, name: string, entries: readonly CalendarEntry[]): string {
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Mailbridge CRM//Calendar feed//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    ...entries.flatMap((e) => component(e, spaceId)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
