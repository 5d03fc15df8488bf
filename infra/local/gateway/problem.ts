import type { ServerResponse } from 'node:http';
import { PROBLEM_BASE, problemOf, type Problem } from '../../../shared/http/problem.js';

/** Gateway failures: shared problem codes where one exists, local-only codes for the rest. */
const CODES: Record<number, string> = { 401: 'unauthorized', 404: 'route-not-found', 413: 'payload-too-large', 500: 'internal' };
const LOCAL_ONLY: Record<number, [code: string, title: string]> = {
  501: ['not-implemented', 'The function behind this route is not implemented yet'],
  503: ['unavailable', 'The function did not answer in time'],
};

/** Writes an RFC 9457 problem+json response for a failure the gateway itself detects. */
export function sendProblem(res: ServerResponse, status: number, detail: string): void {
  const code = CODES[status];
  const local = LOCAL_ONLY[status];
  const problem: Problem = code !== undefined
    ? problemOf(code, detail)
    : { type: `${PROBLEM_BASE}/${local?.[0] ?? 'error'}`, title: local?.[1] ?? 'Error', status, detail };
  const body = JSON.stringify(problem);
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    'content-length': String(Buffer.byteLength(body)),
  };
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  res.writeHead(status, headers).end(body);
}
