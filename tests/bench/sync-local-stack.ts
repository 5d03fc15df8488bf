/**
 * The sync bench's end-to-end view: N mails from the bench's Dovecot through the local stack (API
 * gateway → sync queue → sync-mailbox → parse → link, DynamoDB Local, S3 and SQS emulators).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { GetItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localClients, startLocalStack } from '../../infra/local/local-stack.js';
import type { CountedService } from '../../infra/local/request-counter.js';
import { mailboxKey } from '../../shared/store/keys.js';
import type { DovecotServer } from '../support/dovecot.js';

const SPACE = 'bench-stack';
const POLL_MS = 500;
const SCAN_MS = 2_000;
const QUIET_MS = 1_000;
const dynamoRequests = (counter: { counts(): Record<CountedService, Record<string, number>> }) =>
  Object.values(counter.counts().dynamodb).reduce((a, b) => a + b, 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TIMEOUT_MS = 20 * 60_000;

export interface StackRun {
  /** Wall seconds from POST /mailboxes/{id}/sync until N message items exist, no function runs and DynamoDB has been quiet for a second (a batch writes its index last). */
  readonly s: number;
  /**
   * CPU seconds over that span of this process (gateway, pollers, S3 and SQS emulators) and of the
   * function processes (the bundles), DynamoDB Local aside.
   */
  readonly cpu: number;
  /** CPU seconds of the DynamoDB Local JVM over that span (undefined off Linux). */
  readonly dynamoCpu: number | undefined;
  readonly linked: number;
  readonly messagesSynced: number;
  readonly lastError: string | undefined;
  /** Requests DynamoDB, S3 and SQS answered over that span, by operation (the bench's own probes aside). */
  readonly requests: Record<CountedService, Record<string, number>>;
  /** Where the time went: see Profile. */
  readonly profile: Profile;
}

/**
 * The profile of one run: CPU seconds per process (each function's processes, this process with the
 * gateway, pollers, S3 and SQS emulators and the DynamoDB counting proxy; the DynamoDB Local JVM is
 * `dynamoCpu`), and per function its invocations, the SQS records they carried and the seconds they
 * ran (summed over concurrent invocations); `syncedS` is when sync had handed on all N.
 */
export interface Profile {
  readonly cpuByProcess: Record<string, number>;
  readonly invocations: Record<string, { readonly calls: number; readonly records: number; readonly busyS: number }>;
  readonly syncedS: number;
}

/** Connects `user` on `dovecot` through the API, syncs it, and times until `n` messages are linked. */
export async function syncOnLocalStack(dovecot: DovecotServer, user: string, password: string, n: number): Promise<StackRun> {
  process.env.RATE_LIMIT_SCALE = '1000';
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN'; // see handler-env.ts: too late if the logger is loaded
  const stack = await startLocalStack({ persistent: false, scheduler: false, countRequests: true });
  const { dynamodb, sqs, s3 } = localClients(stack.requests!.uncounted);
  try {
    const token = await stack.mintToken({ spaceId: SPACE, role: 'admin', sub: 'bench' });
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${stack.apiUrl}${path}`, {
        method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    };
    const created = await api('POST', '/mailboxes', {
      host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: user, password,
      folders: [{ path: 'INBOX', role: 'inbox' }], addresses: ['sales@acme-supplies.example'],
    });
    const id = String(created.id);
    const invocations = timeInvocations(stack.runtime);
    const dynamo0 = dynamoCpuSeconds();
    const fns0 = childCpuSeconds(stack.functionPids());
    const t0 = process.hrtime.bigint(); const c0 = process.cpuUsage();
    stack.requests!.counter.reset();
    await api('POST', `/mailboxes/${id}/sync`);
    let linked = 0;
    const deadline = Date.now() + TIMEOUT_MS;
    // The cheap status read first (straight from the table, so the probe costs the pipeline nothing);
    // the (full-table) count Scan only once sync has handed on all N.
    while (Date.now() < deadline && (await mailboxStatus(dynamodb, stack.tableName, id)).messagesSynced < n) await sleep(POLL_MS);
    const syncedS = Number(process.hrtime.bigint() - t0) / 1e9;
    while (Date.now() < deadline && (linked = await countMessages(dynamodb, stack.tableName)) < n) await sleep(SCAN_MS);
    // A batch's inbox index, stats and touches are written after its message items: wait for them
    // (no function running and no DynamoDB request for a second).
    for (let last = -1, now = dynamoRequests(stack.requests!.counter); Date.now() < deadline && (invocations.inFlight() > 0 || now !== last); now = dynamoRequests(stack.requests!.counter)) {
      last = now;
      await sleep(QUIET_MS);
    }
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const u = process.cpuUsage(c0);
    const requests = stack.requests!.counter.counts();
    const fns1 = childCpuSeconds(stack.functionPids(), fns0);
    const byFunction = cpuByFunction(stack.functionPids(), fns0);
    const dynamo1 = dynamoCpuSeconds();
    const status = await mailboxStatus(dynamodb, stack.tableName, id);
    const profile = { cpuByProcess: { 'bench process (gateway, pollers, S3, SQS, proxy)': (u.user + u.system) / 1e6, ...byFunction }, invocations: { ...invocations.stats }, syncedS };
    return {
      s, cpu: (u.user + u.system) / 1e6 + fns1, linked, requests, profile,
      dynamoCpu: dynamo0 !== undefined && dynamo1 !== undefined ? dynamo1 - dynamo0 : undefined,
      messagesSynced: status.messagesSynced, lastError: status.lastError,
    };
  } finally {
    dynamodb.destroy(); sqs.destroy(); s3.destroy();
    await stack.stop();
  }
}

async function mailboxStatus(client: DynamoDBClient, table: string, id: string): Promise<{ messagesSynced: number; lastError: string | undefined }> {
  const key = mailboxKey(SPACE, id);
  const out = await client.send(new GetItemCommand({
    TableName: table, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ProjectionExpression: 'messagesSynced, lastError',
  }));
  return { messagesSynced: Number(out.Item?.messagesSynced?.N ?? 0), lastError: out.Item?.lastError?.S };
}

/**
 * utime + stime of the function processes, from /proc; with `since` (pid → seconds at the start),
 * the CPU each spent since then (a process that exited in between is missed: a lower bound).
 */
function childCpuSeconds(pids: readonly number[]): Map<number, number>;
function childCpuSeconds(pids: readonly number[], since: Map<number, number>): number;
function childCpuSeconds(pids: readonly number[], since?: Map<number, number>): number | Map<number, number> {
  const now = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      now.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      continue;
    }
  }
  if (!since) return now;
  return [...now].reduce((sum, [pid, cpu]) => sum + cpu - (since.get(pid) ?? 0), 0);
}

/**
 * Times every invocation the pollers and gateway make (the runtime object is theirs; its invoke is
 * looked up per call), and counts those still running.
 */
function timeInvocations(runtime: { invoke(fn: string, event: unknown): Promise<unknown> }): { stats: Record<string, { calls: number; records: number; busyS: number }>; inFlight(): number } {
  const stats: Record<string, { calls: number; records: number; busyS: number }> = {};
  let running = 0;
  const invoke = runtime.invoke.bind(runtime);
  runtime.invoke = async (fn, event) => {
    const t0 = process.hrtime.bigint();
    running++;
    try {
      return await invoke(fn, event);
    } finally {
      running--;
      const s = (stats[fn] ??= { calls: 0, records: 0, busyS: 0 });
      s.calls++;
      s.records += (event as { Records?: unknown[] } | null)?.Records?.length ?? 0;
      s.busyS += Number(process.hrtime.bigint() - t0) / 1e9;
    }
  };
  return { stats, inFlight: () => running };
}

/** CPU seconds since `since` per function, from each process's AWS_LAMBDA_FUNCTION_NAME. */
function cpuByFunction(pids: readonly number[], since: Map<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pid of pids) {
    try {
      const name = /AWS_LAMBDA_FUNCTION_NAME=mailbridge-local-([^\0]+)/.exec(readFileSync(`/proc/${pid}/environ`, 'utf8'))?.[1] ?? 'unknown';
      out[name] = (out[name] ?? 0) + childCpuSeconds([pid], new Map([[pid, since.get(pid) ?? 0]]));
    } catch {
      continue;
    }
  }
  return out;
}

/** Bench-only: counts message items (written last by the linker, so each means "linked"). */
async function countMessages(client: DynamoDBClient, table: string): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const out = await client.send(new ScanCommand({
      TableName: table, Select: 'COUNT', ExclusiveStartKey: start,
      FilterExpression: 'entity = :m AND spaceId = :s',
      ExpressionAttributeValues: { ':m': { S: 'message' }, ':s': { S: SPACE } },
    }));
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  return count;
}

/** utime + stime of our DynamoDB Local child JVM, from /proc (Linux only). */
function dynamoCpuSeconds(): number | undefined {
  let pids: string[];
  try { pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)); } catch { return undefined; }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal')) continue;
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in USER_HZ (100 on Linux)
    } catch {
      continue; // the process ended between listing and reading
    }
  }
  return undefined;
}
