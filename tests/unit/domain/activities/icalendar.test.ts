import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, toICalendar, type CalendarEntry } from '../../../../shared/domain/activities/icalendar.js';

const anEntry = (over: Partial<CalendarEntry> = {}): CalendarEntry => ({
  activityId: 'a1', type: 'meeting', subject: 'Kick-off', at: '2027-03-31T09:30:00.000Z', createdAt: '2027-03-01T08:00:00.000Z',
  updatedAt: '2027-03-02T08:00:00.000Z', version: 3, ...over,
});
const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('the iCalendar feed', () => {
  it('escapes backslashes, semicolons, commas and every kind of line break in text', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'Grüße 漢字 🎉 '.repeat(12)}`;

    const folded = foldLine(line);

    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => Buffer.byteLength(p, 'utf8') <= 75)).toBe(true);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(unfold(folded)).toBe(line);
    expect(parts.every((p) => !p.includes('\uFFFD') && Buffer.from(p, 'utf8').toString('utf8') === p)).toBe(true);
  });

  it('writes a meeting as a VEVENT with a stable UID, its end from the duration and SEQUENCE from the version', () => {
    const ics = toICalendar('space-1', 'Ann', [anEntry({ durationMinutes: 45, location: 'Room 1, floor 2', notes: 'Bring samples;\nprices' })]);

    const lines = unfold(ics).split('\r\n');
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(lines).toEqual(expect.arrayContaining([
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:a1@space-1.mailbridge', 'DTSTART:20270331T093000Z', 'DTEND:20270331T101500Z',
      'SEQUENCE:2', 'DTSTAMP:20270302T080000Z', 'LOCATION:Room 1\\, floor 2', 'DESCRIPTION:Bring samples\\;\\nprices', 'END:VEVENT', 'END:VCALENDAR',
    ]));
  });

  it('writes a task as a VTODO with its due time, open or completed', () => {
    const open = unfold(toICalendar('s', 'Ann', [anEntry({ type: 'task', activityId: 't1' })])).split('\r\n');
    const done = unfold(toICalendar('s', 'Ann', [anEntry({ type: 'task', activityId: 't1', doneAt: '2027-03-30T12:00:00.000Z' })])).split('\r\n');

    expect(open).toEqual(expect.arrayContaining(['BEGIN:VTODO', 'UID:t1@s.mailbridge', 'DUE:20270331T093000Z', 'STATUS:NEEDS-ACTION', 'END:VTODO']));
    expect(open).not.toContain('BEGIN:VEVENT');
    expect(done).toEqual(expect.arrayContaining(['STATUS:COMPLETED', 'COMPLETED:20270330T120000Z']));
  });

  it('writes a to-do due on a day with a DATE due, not a time', () => {
    const lines = unfold(toICalendar('s', 'Ann', [anEntry({ type: 'task', activityId: 't2', at: '2027-03-31T21:59:59.999Z', dueDate: '2027-03-31' })])).split('\r\n');

    expect(lines).toContain('DUE;VALUE=DATE:20270331');
    expect(lines.some((l) => l.startsWith('DUE:'))).toBe(false);
  });
});
