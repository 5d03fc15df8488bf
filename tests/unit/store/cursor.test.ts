import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../shared/store/cursor.js';

const KEY = 'test-key';
const lastKey = { pk: 'space#a', sk: 'contact#01' };

describe('page cursors', () => {
  it('round-trips the last evaluated key for the same Space', () => {
    const cursor = encodeCursor(KEY, 'a', lastKey);

    expect(decodeCursor(KEY, 'a', cursor)).toEqual(lastKey);
  });

  it('rejects a cursor replayed in another Space', () => {
    const cursor = encodeCursor(KEY, 'a', lastKey);

    expect(() => decodeCursor(KEY, 'b', cursor)).toThrow(expect.objectContaining({ code: 'invalid-cursor' }));
  });

  it('rejects a cursor whose partition was swapped for another Space, even re-signed', () => {
    const forged = encodeCursor(KEY, 'a', { pk: 'space#b', sk: 'contact#01' });
    const prefixTrick = encodeCursor(KEY, 'a', { pk: 'space#ab', sk: 'contact#01' });

    expect(() => decodeCursor(KEY, 'a', forged)).toThrow(expect.objectContaining({ code: 'invalid-cursor' }));
    expect(() => decodeCursor(KEY, 'a', prefixTrick)).toThrow(expect.objectContaining({ code: 'invalid-cursor' }));
  });

  it('rejects flipped bytes and oversized cursors', () => {
    const cursor = encodeCursor(KEY, 'a', lastKey)!;
    const flipped = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;

    expect(() => decodeCursor(KEY, 'a', flipped)).toThrow(expect.objectContaining({ code: 'invalid-cursor' }));
    expect(() => decodeCursor(KEY, 'a', 'x'.repeat(5000))).toThrow(expect.objectContaining({ code: 'invalid-cursor' }));
  });
});
