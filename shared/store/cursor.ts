import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpProblemError } from '../http/problem.js';
import { spacePrefix } from './keys.js';

const MAX_CURSOR_CHARS = 2048;

const sign = (key: string, payload: string): string => createHmac('sha256', key).update(payload).digest('base64url');

/**
 * Turns DynamoDB's LastEvaluatedKey into an opaque page cursor, HMACed and bound to the Space so a
 * cursor cannot be replayed in another Space or edited to read someone else's partition (A4).
 */
export const encodeCursor = (key: string, spaceId: string, lastKey: Record<string, unknown> | undefined): string | undefined => {
  if (!lastKey) return undefined;
  const payload = Buffer.from(JSON.stringify({ s: spaceId, k: lastKey })).toString('base64url');
  return `${payload}.${sign(key, `${spaceId}.${payload}`)}`;
};

/** @throws HttpProblemError `invalid-cursor` when the cursor was altered, oversized or minted for another Space. */
export const decodeCursor = (key: string, spaceId: string, cursor: string | undefined): Record<string, unknown> | undefined => {
  if (cursor === undefined || cursor === '') return undefined;
  const invalid = () => new HttpProblemError('invalid-cursor', 'The cursor is invalid or belongs to another query');
  if (cursor.length > MAX_CURSOR_CHARS) throw invalid();
  const [payload, mac] = cursor.split('.');
  if (!payload || !mac) throw invalid();
  const expected = Buffer.from(sign(key, `${spaceId}.${payload}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  try {
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s: string; k: Record<string, unknown> };
    const keys = Object.entries(decoded.k);
    const ownSpace = keys.every(([name, value]) => !/pk$/.test(name) || String(value) === spacePrefix(spaceId) || String(value).startsWith(`${spacePrefix(spaceId)}#`));
    if (decoded.s !== spaceId || !ownSpace) throw invalid();
    return decoded.k;
  } catch {
    throw invalid();
  }
};
