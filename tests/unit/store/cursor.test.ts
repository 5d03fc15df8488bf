import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursorError, type CursorBinding } from '../../../shared/store/cursor.js';

const KEY = 'test-key';
const lastKey = { pk: 'space#a#contacts#live', sk: 'contact#01', gsi1pk: 'space#a#contacts#live', gsi1sk: 'jane#01' };
const binding: CursorBinding = { spaceId: 'a', route: 'listContacts', filters: 'digest-of-filters' };
const invalid = expect.objectContaining({ code: 'invalid-cursor' });

/** A cursor signed with the real key around any payload: what only a key holder could forge. */
const signed = (body: unknown) => {
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${createHmac('sha256', KEY).update(payload).digest('base64url')}`;
};

describe('page cursors', () => {
  it('round-trips the last evaluated key for the same Space, list and filters', () => {
    const cursor = encodeCursor(KEY, binding, lastKey);

    expect(decodeCursor(KEY, binding, cursor)).toEqual(lastKey);
  });

  it('has no cursor after the last page and reads a missing one as the first page', () => {
    expect(encodeCursor(KEY, binding, undefined)).toBeUndefined();
    expect(decodeCursor(KEY, binding, undefined)).toBeUndefined();
    expect(decodeCursor(KEY, binding, '')).toBeUndefined();
  });

  it.each([
    ['another Space', { spaceId: 'b' }, /another Space/],
    ['another list', { route: 'listCompanies' }, /another list/],
    ['other filters or another sort', { filters: 'other-digest' }, /other filters/],
  ])('refuses a cursor replayed on %s', (_what, change, message) => {
    const cursor = encodeCursor(KEY, binding, lastKey);

    expect(() => decodeCursor(KEY, { ...binding, ...change }, cursor)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(KEY, { ...binding, ...change }, cursor)).toThrow(message);
  });

  it('refuses a partition of another Space even when it is signed', () => {
    const forged = encodeCursor(KEY, binding, { pk: 'space#b', sk: 'contact#01' });
    const prefixTrick = encodeCursor(KEY, binding, { pk: 'space#ab', sk: 'contact#01' });

    expect(() => decodeCursor(KEY, binding, forged)).toThrow(invalid);
    expect(() => decodeCursor(KEY, binding, prefixTrick)).toThrow(invalid);
  });

  it.each([
    ['no key', { v: 2, s: 'a', r: 'listContacts', f: 'digest-of-filters' }],
    ['an empty key', { v: 2, s: 'a', r: 'listContacts', f: 'digest-of-filters', k: {} }],
    ['a key that is a list', { v: 2, s: 'a', r: 'listContacts', f: 'digest-of-filters', k: ['space#a'] }],
    ['a nested value', { v: 2, s: 'a', r: 'listContacts', f: 'digest-of-filters', k: { pk: 'space#a', sk: { S: 'x' } } }],
    ['an odd attribute name', { v: 2, s: 'a', r: 'listContacts', f: 'digest-of-filters', k: { pk: 'space#a', 'sk OR 1': 'x' } }],
    ['too many attributes', { v: 2, s: 'a', r: 'listContacts', f: 'digest-of-filters', k: Object.fromEntries([...'abcdefg'].map((c) => [`${c}sk`, 'x'])) }],
    ['a huge value', { v: 2, s: 'a', r: 'listContacts', f: 'digest-of-filters', k: { pk: 'space#a', sk: 'x'.repeat(1025) } }],
    ['the older format', { s: 'a', k: { pk: 'space#a', sk: 'x' } }],
    ['a payload that is not an object', 42],
  ])('refuses a signed payload with %s', (_what, body) => {
    expect(() => decodeCursor(KEY, binding, signed(body))).toThrow(invalid);
  });

  it('refuses flipped bytes, a second signature part, a missing part and oversized cursors', () => {
    const cursor = encodeCursor(KEY, binding, lastKey)!;
    const flipped = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
    const [payload, mac] = cursor.split('.');

    for (const bad of [flipped, `${cursor}.extra`, `${payload}.`, `.${mac}`, payload!, 'x'.repeat(5000), `${cursor}==`, 'not a cursor']) {
      expect(() => decodeCursor(KEY, binding, bad), bad.slice(0, 40)).toThrow(invalid);
    }
  });

  it('refuses a cursor signed with another key', () => {
    const cursor = encodeCursor('other-key', binding, lastKey);

    expect(() => decodeCursor(KEY, binding, cursor)).toThrow(/altered/);
  });
});
