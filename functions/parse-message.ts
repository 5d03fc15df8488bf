import { parseWorker } from '../shared/deps/parse-worker.js';

/** Parser worker: raw MIME to a parsed summary and a link job (see shared/deps/parse-worker.ts). */
export const handler = parseWorker;
