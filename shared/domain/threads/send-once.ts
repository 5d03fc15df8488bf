import { createHash } from 'node:crypto';
import { ConflictError, DomainError } from '../errors.js';

/** How long a request and its answer are kept for replays (Stripe keeps its keys at least 24 hours). */
export const SEND_ONCE_KEEP_SECONDS = 24 * 3600;
/**
 * A claim older than this belongs to a request that died (the mail function times out after 15 s),
 * so a retry may take it over and send.
 */
export const SEND_CLAIM_STALE_MS = 60_000;
/** How long a concurrent retry waits for the first request's answer; inside the function's timeout. */
const WAIT_BUDGET_MS = 10_000;

/** The same Idempotency-Key came with a different request (another body or another record). */
export class SendKeyReusedError extends ConflictError {
  override readonly code = 'idempotency-key-reused';
  constructor() {
    super('The Idempotency-Key was used with a different request');
  }
}

/** A request with this Idempotency-Key is still sending; retry shortly for its answer. */
export class SendInProgressError extends DomainError {
  readonly code = 'request-in-progress';
  constructor() {
    super('A request with this Idempotency-Key is still being processed');
  }
}

/**
 * One keyed send: `sending` while claimed, `sent` once the provider took the mail, `done` when the
 * follow-up ran too. `token` names the request working on it; an empty token means nobody is (the
 * follow-up failed and waits for a retry).
 */
export interface SendRecord<T> {
  readonly id: string;
  readonly fingerprint: string;
  readonly state: 'sending' | 'sent' | 'done';
  readonly token: string;
  readonly claimedAt: string;
  readonly result?: T;
}

/** Keyed send records; every write is conditional so concurrent requests agree on one worker. */
export interface SendRecordStore<T> {
  /** Creates the record in state `sending`; answers the existing record instead when there is one. */
  claim(spaceId: string, record: SendRecord<T>, expiresAt: number): Promise<SendRecord<T> | undefined>;
  /** Takes the record over (condition: still in `state` under `staleToken`). */
  takeOver(spaceId: string, id: string, state: 'sending' | 'sent', staleToken: string, token: string, claimedAt: string): Promise<boolean>;
  /** Stores the answer under the holder's token. */
  recordSent(spaceId: string, id: string, token: string, result: T): Promise<void>;
  /** The follow-up failed: the holder lets go, so the next retry runs it. */
  letGo(spaceId: string, id: string, token: string): Promise<void>;
  markDone(spaceId: string, id: string): Promise<void>;
  /** Deletes the claim of a send that failed, so a retry may send. */
  release(spaceId: string, id: string, token: string): Promise<void>;
}

export interface SendOnceDeps<T> {
  readonly sends: SendRecordStore<T>;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly wait?: (ms: number) => Promise<void>;
}

export interface SendOnceRequest {
  readonly spaceId: string;
  /** Whose keys these are: the calling user, or the mailbox for its Sent-folder copies. */
  readonly owner: string;
  /** The caller's Idempotency-Key; without one every request sends. */
  readonly key?: string;
  /** What the request asks (target and body): the same key with another fingerprint is refused. */
  readonly request: unknown;
}

export interface SendSteps<T> {
  /** Sends the mail; `sendId` is the keyed request's id (stable across retries), to derive the Message-ID from. */
  send(sendId: string | undefined): Promise<T>;
  /** Work after the send that must not send again when repeated (queueing the Sent-folder copy). */
  afterSent(result: T): Promise<void>;
}

/** The id of a keyed send: one per Space, owner and key. */
export const sendIdFor = (spaceId: string, owner: string, key: string): string =>
  createHash('sha256').update(JSON.stringify([spaceId, owner, key])).digest('hex').slice(0, 26);

export const fingerprintOfRequest = (request: unknown): string => createHash('sha256').update(JSON.stringify(request)).digest('hex');

const defaultWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a send at most once per Idempotency-Key: a conditional claim picks one sender among
 * concurrent requests; the others wait for its answer and get the same one; a retry after the
 * answer gets it from the record. A failed send releases the claim; a follow-up that failed after
 * the send runs again on the next retry, without sending again. A holder that died is taken over
 * once its claim is stale.
 * @throws SendKeyReusedError, SendInProgressError, and whatever `send` or `afterSent` throw
 */
export async function sendOnce<T>(deps: SendOnceDeps<T>, req: SendOnceRequest, steps: SendSteps<T>): Promise<T> {
  if (req.key === undefined) {
    const result = await steps.send(undefined);
    await steps.afterSent(result);
    return result;
  }
  const id = sendIdFor(req.spaceId, req.owner, req.key);
  const fingerprint = fingerprintOfRequest(req.request);
  const wait = deps.wait ?? defaultWait;
  const started = deps.now().getTime();
  let pause = 50;
  for (;;) {
    const token = deps.newId();
    const now = deps.now();
    const claimedAt = now.toISOString();
    const expiresAt = Math.ceil(now.getTime() / 1000) + SEND_ONCE_KEEP_SECONDS;
    const existing = await deps.sends.claim(req.spaceId, { id, fingerprint, state: 'sending', token, claimedAt }, expiresAt);
    if (!existing) return sendClaimed(deps, req.spaceId, id, token, steps);
    if (existing.fingerprint !== fingerprint) throw new SendKeyReusedError();
    if (existing.state === 'done') return existing.result as T;
    const free = existing.token === '' || now.getTime() - Date.parse(existing.claimedAt) > SEND_CLAIM_STALE_MS;
    if (free && await deps.sends.takeOver(req.spaceId, id, existing.state, existing.token, token, claimedAt)) {
      return existing.state === 'sending'
        ? sendClaimed(deps, req.spaceId, id, token, steps)
        : followUp(deps, req.spaceId, id, token, existing.result as T, steps);
    }
    if (now.getTime() - started > WAIT_BUDGET_MS) throw new SendInProgressError();
    await wait(pause);
    pause = Math.min(pause * 2, 400);
  }
}

async function sendClaimed<T>(deps: SendOnceDeps<T>, spaceId: string, id: string, token: string, steps: SendSteps<T>): Promise<T> {
  let result: T;
  try {
    result = await steps.send(id);
  } catch (error) {
    await deps.sends.release(spaceId, id, token);
    throw error;
  }
  await deps.sends.recordSent(spaceId, id, token, result);
  return followUp(deps, spaceId, id, token, result, steps);
}

async function followUp<T>(deps: SendOnceDeps<T>, spaceId: string, id: string, token: string, result: T, steps: SendSteps<T>): Promise<T> {
  try {
    await steps.afterSent(result);
  } catch (error) {
    await deps.sends.letGo(spaceId, id, token).catch(() => undefined);
    throw error;
  }
  await deps.sends.markDone(spaceId, id);
  return result;
}
