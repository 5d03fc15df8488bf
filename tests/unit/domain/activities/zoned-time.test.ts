import { describe, expect, it } from 'vitest';
import { endOfDayUtc, isTimeZone, localTimeToUtc } from '../../../../shared/domain/activities/zoned-time.js';

describe('wall-clock times in a time zone', () => {
  it('reads a wall-clock time with the zone\'s offset of that day, winter and summer', () => {
    expect(localTimeToUtc('2030-03-04T09:30', 'Europe/Berlin')).toBe('2030-03-04T08:30:00.000Z');
    expect(localTimeToUtc('2030-07-01T09:30:15', 'Europe/Berlin')).toBe('2030-07-01T07:30:15.000Z');
    expect(localTimeToUtc('2030-07-01T09:30', 'America/New_York')).toBe('2030-07-01T13:30:00.000Z');
    expect(localTimeToUtc('2030-07-01T09:30', 'UTC')).toBe('2030-07-01T09:30:00.000Z');
  });

  it('moves a time the clocks skip one hour later and takes the first of a time that happens twice', () => {
    expect(localTimeToUtc('2030-03-31T02:30', 'Europe/Berlin')).toBe('2030-03-31T01:30:00.000Z');
    expect(localTimeToUtc('2030-10-27T02:30', 'Europe/Berlin')).toBe('2030-10-27T00:30:00.000Z');
  });

  it('refuses days and times that do not exist on any calendar', () => {
    expect(localTimeToUtc('2030-02-30T10:00', 'UTC')).toBeUndefined();
    expect(localTimeToUtc('2030-02-03T24:00', 'UTC')).toBeUndefined();
    expect(localTimeToUtc('2030-02-03', 'UTC')).toBeUndefined();
    expect(endOfDayUtc('2030-02-30', 'UTC')).toBeUndefined();
  });

  it('ends a day at its last millisecond in the zone', () => {
    expect(endOfDayUtc('2030-03-04', 'UTC')).toBe('2030-03-04T23:59:59.999Z');
    expect(endOfDayUtc('2030-03-04', 'Europe/Berlin')).toBe('2030-03-04T22:59:59.999Z');
    expect(endOfDayUtc('2030-03-04', 'America/New_York')).toBe('2030-03-05T04:59:59.999Z');
    expect(endOfDayUtc('2030-03-30', 'Europe/Berlin')).toBe('2030-03-30T22:59:59.999Z');
    expect(endOfDayUtc('2030-03-31', 'Europe/Berlin')).toBe('2030-03-31T21:59:59.999Z');
  });

  it('knows IANA zones and nothing else', () => {
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
