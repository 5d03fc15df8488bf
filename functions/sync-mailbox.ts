import { syncWorker } from '../shared/deps/sync-worker.js';

/** Sync worker: one poll of one mailbox per record (see shared/deps/sync-worker.ts). */
export const handler = syncWorker;
