import { appSecrets } from '../config/app-secrets.js';
import { decodeCursor, encodeCursor } from '../store/cursor.js';

/** Reads a page cursor of the caller's Space. @throws HttpProblemError `invalid-cursor` */
export const readCursor = async (spaceId: string, cursor: string | undefined) =>
  decodeCursor((await appSecrets()).cursorKey, spaceId, cursor);

/** Writes the cursor for the next page, or undefined on the last one. */
export const writeCursor = async (spaceId: string, lastKey: Record<string, unknown> | undefined) =>
  encodeCursor((await appSecrets()).cursorKey, spaceId, lastKey);

/** Page size: 25 by default, at most 100 (A5: larger values are clamped, not refused). */
export const pageLimit = (limit: number | undefined): number => Math.min(100, Math.max(1, limit ?? 25));
