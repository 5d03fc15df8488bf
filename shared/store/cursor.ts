import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { spacePrefix } from './keys.js';

const MAX_CURSOR_CHARS = 2048;
const MAX_KEY_ATTRIBUTES = 6;
const MAX_KEY_VALUE_CHARS = 1024;
const FORMAT = 2;
const SHAPE = /^[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{43}$/;
const ATTRIBUTE = /^[a-z][a-z0-9]{0,15}$/;

/** A page cursor that was altered, is oversized, or was minted for another Space, list or filter. */
export class InvalidCursorError extends DomainError {
  readonly code = 'invalid-cursor';
}

/**
 * What a cursor may be replayed on: the Space, the list operation and a digest of its filters and
 * sort. The index and partition a list reads follow from these, so a cursor that passes can only
 * continue the very query that minted it.
 */
export interface CursorBinding {
  readonly spaceId: string;
  readonly route: string;
  readonly filters: string;
}

interface Payload {
  readonly v: number;
  readonly s: string;
  readonly r: string;
  readonly f: string;
  readonly k: Record<string, unknown>;
}

const sign = (key: string, payload: string): string => createHmac('sha256', key).update(payload).digest('base64url');

/** Turns DynamoDB's LastEvaluatedKey into an opaque cursor, HMACed with its binding inside. */
export const encodeCursor = (key: string, binding: CursorBinding, lastKey: Record<string, unknown> | undefined): string | undefined => {
  if (!lastKey) return undefined;
  const body: Payload = { v: FORMAT, s: binding.spaceId, r: binding.route, f: binding.filters, k: lastKey };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
};

/**
 * Reads a cursor back for exactly the binding it was minted for.
 * @throws InvalidCursorError when it was altered, is oversized, or belongs to another Space, list or filter
 */
export const decodeCursor = (key: string, binding: CursorBinding, cursor: string | undefined): Record<string, unknown> | undefined => {
  if (cursor === undefined || cursor === '') return undefined;
  if (cursor.length > MAX_CURSOR_CHARS || !SHAPE.test(cursor)) throw new InvalidCursorError('The cursor is malformed');
  const [payload = '', mac = ''] = cursor.split('.');
  const expected = Buffer.from(sign(key, payload));
  if (!timingSafeEqual(expected, Buffer.from(mac))) throw new InvalidCursorError('The cursor was altered or was not issued by this API');
  // Signed by us from here on: a mismatch is a replay on another query, not tampering.
  const body = parsePayload(payload);
  if (body.s !== binding.spaceId) throw new InvalidCursorError('The cursor belongs to another Space');
  if (body.r !== binding.route) throw new InvalidCursorError('The cursor belongs to another list');
  if (body.f !== binding.filters) throw new InvalidCursorError('The cursor belongs to other filters or another sort; start again without it');
  return checkedKey(body.k, binding.spaceId);
};

function parsePayload(payload: string): Payload {
  let body: Partial<Payload>;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Payload>;
  } catch {
    throw new InvalidCursorError('The cursor is malformed');
  }
  if (typeof body !== 'object' || body === null || body.v !== FORMAT) throw new InvalidCursorError('The cursor is from an older version of the API; start again without it');
  return body as Payload;
}

/** Only a flat key of a few named string or number attributes, every partition inside the Space. */
function checkedKey(k: unknown, spaceId: string): Record<string, unknown> {
  if (typeof k !== 'object' || k === null || Array.isArray(k)) throw new InvalidCursorError('The cursor holds no key');
  const entries = Object.entries(k);
  const own = spacePrefix(spaceId);
  const fits = entries.length > 0 && entries.length <= MAX_KEY_ATTRIBUTES && entries.every(([name, value]) =>
    ATTRIBUTE.test(name)
    && ((typeof value === 'string' && value.length <= MAX_KEY_VALUE_CHARS) || (typeof value === 'number' && Number.isFinite(value)))
    && (!name.endsWith('pk') || value === own || String(value).startsWith(`${own}#`)));
  if (!fits) throw new InvalidCursorError('The cursor holds a key this API does not issue');
  return k as Record<string, unknown>;
}
