import { ulid } from 'ulid';
import type { Runtime } from './audit-entry.js';

/** The real clock and ULID ids (sortable by creation time). */
export const systemRuntime: Runtime = { now: () => new Date(), newId: () => ulid() };
