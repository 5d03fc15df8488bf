import { describe, expect, it } from 'vitest';
import { phoneNumbersOf, toE164 } from '../../../../shared/domain/sms/phone-number.js';

describe('toE164', () => {
  it.each([
    ['+14155550100', '+14155550100'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+44 20 7946 0000', '+442079460000'],
    ['+44 (0)20 7946 0000', '+442079460000'],
    ['0044 20 7946 0000', '+442079460000'],
    ['+33.6.12.34.56.78', '+33612345678'],
    ['  +49 30/1234567 ', '+49301234567'],
  ])('reads %s as %s', (raw, e164) => {
    expect(toE164(raw)).toBe(e164);
  });

  it.each([
    ['020 7946 0000', 'a national number (the Space has no default country)'],
    ['(415) 555-0100', 'a national US number'],
    ['+0 123 456 789', 'a country code starting with 0'],
    ['+1 415 555 0100 ext 12', 'an extension'],
    ['+1234567890123456', 'more than 15 digits'],
    ['+12345', 'too few digits'],
    ['+1-800-FLOWERS', 'letters'],
    ['call me', 'junk'],
    ['', 'nothing'],
  ])('refuses %s (%s)', (raw) => {
    expect(toE164(raw)).toBeUndefined();
  });
});

describe('phoneNumbersOf', () => {
  it('keeps the valid numbers of a contact once each, in order', () => {
    expect(phoneNumbersOf(['+44 20 7946 0000', 'office', '+442079460000', '+1 415 555 0100'])).toEqual(['+442079460000', '+14155550100']);
  });
});
