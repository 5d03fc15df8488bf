import { linkWorker } from '../shared/deps/link-worker.js';

/** Linker worker: links each parsed mail to its thread, contacts and companies (see shared/deps/link-worker.ts). */
export const handler = linkWorker;
