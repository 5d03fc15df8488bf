import { createHash } from 'node:crypto';
import { appSecrets } from '../config/app-secrets.js';
import { decodeCursor, encodeCursor, type CursorBinding } from '../store/cursor.js';
import type { Contract } from './contract.js';

/** The parts of a list request a cursor is bound to. */
export interface PageRequest {
  readonly auth: { readonly spaceId: string };
  readonly query: { readonly cursor?: string | undefined; readonly [filter: string]: unknown };
  readonly params?: unknown;
}

/** Query parameters that may change between pages of one list: the page size and the cursor itself. */
const UNBOUND = new Set(['cursor', 'limit']);

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return typeof value === 'string' ? value.normalize('NFC') : value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, canonical(v)]));
};

/**
 * The Space, the operation and a digest of every validated filter, sort and path parameter: the
 * index, partition and key condition a list reads are all decided by these.
 */
export const cursorBinding = (op: Pick<Contract, 'operationId'>, r: PageRequest): CursorBinding => {
  const filters = Object.fromEntries(Object.entries(r.query).filter(([name]) => !UNBOUND.has(name)));
  const digest = createHash('sha256').update(JSON.stringify(canonical({ filters, params: r.params ?? {} }))).digest('base64url').slice(0, 22);
  return { spaceId: r.auth.spaceId, route: op.operationId, filters: digest };
};

/** Reads the request's page cursor, which must come from the same list, filters and Space. @throws InvalidCursorError */
export const readCursor = async (op: Pick<Contract, 'operationId'>, r: PageRequest) =>
  decodeCursor((await appSecrets()).cursorKey, cursorBinding(op, r), r.query.cursor);

/** Writes the cursor for the next page of this request's list, or undefined on the last one. */
export const writeCursor = async (op: Pick<Contract, 'operationId'>, r: PageRequest, lastKey: Record<string, unknown> | undefined) =>
  encodeCursor((await appSecrets()).cursorKey, cursorBinding(op, r), lastKey);

/** Page size: 25 by default, at most 100 (larger values are clamped, not refused). */
export const pageLimit = (limit: number | undefined): number => Math.min(100, Math.max(1, limit ?? 25));

/** A list reply: the page's items as views and the cursor of the next page (null on the last one). */
export const pageReply = async <T, V>(
  op: Pick<Contract, 'operationId'>, r: PageRequest, page: { readonly items: readonly T[]; readonly lastKey?: Record<string, unknown> | undefined }, view: (item: T) => V,
) => ({ body: { items: page.items.map((item) => view(item)), nextCursor: (await writeCursor(op, r, page.lastKey)) ?? null } });
