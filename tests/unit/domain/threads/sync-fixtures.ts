import { createMemoryBlobs } from '../../../../shared/adapters/blobs/memory-blobs.js';
import { createMemoryMailbox } from '../../../../shared/adapters/imap/memory-mailbox.js';
import { createMemoryQueue } from '../../../../shared/adapters/queue/sqs-queue.js';
import type { MailboxProblem, MailboxProblemRepo } from '../../../../shared/domain/mailbox/mailbox-problem.js';
import type { MailboxRecord } from '../../../../shared/domain/mailbox/mailbox-record.js';
import type { SyncCursor } from '../../../../shared/domain/mailbox/plan-sync.js';
import type { SecretBox } from '../../../../shared/domain/mailbox/ports.js';
import type { ParseJob, SyncJob } from '../../../../shared/domain/threads/pipeline-jobs.js';
import { createMemorySyncRunStore } from '../../../../shared/store/memory-sync-run-store.js';
import type { SyncMailboxDeps, SyncStateRepo } from '../../../../shared/domain/threads/sync-mailbox.js';

export const SPACE = 'space-1';
export const PASSWORD = 'pw';

/** A plain secret box: the unit tests are about sync, not sealing. */
const plainSecrets: SecretBox = {
  seal: async (plaintext) => ({ v: 1, keyId: 'k', wrappedKey: '', iv: '', ciphertext: plaintext, tag: '' }),
  open: async (sealed) => sealed.ciphertext,
};

/** In-memory sync state with real lease and slot semantics (expiry by the given clock). */
export function memorySyncState(): SyncStateRepo & { cursors: Map<string, SyncCursor>; slots: Map<string, { owner: string; until: number }> } {
  const cursors = new Map<string, SyncCursor>();
  const leases = new Map<string, { owner: string; until: number }>();
  const slots = new Map<string, { owner: string; until: number }>();
  const take = (map: Map<string, { owner: string; until: number }>, key: string, owner: string, now: number, ttl: number): boolean => {
    const held = map.get(key);
    if (held && held.until >= now && held.owner !== owner) return false;
    map.set(key, { owner, until: now + ttl });
    return true;
  };
  const give = (map: Map<string, { owner: string; until: number }>, key: string, owner: string) => {
    if (map.get(key)?.owner === owner) map.delete(key);
  };
  return {
    cursors,
    slots,
    acquireLease: async (s, m, owner, now, ttl) => take(leases, `${s}/${m}`, owner, now, ttl),
    releaseLease: async (s, m, owner) => give(leases, `${s}/${m}`, owner),
    async acquireSpaceSlot(s, owner, now, ttl, count) {
      for (let slot = 0; slot < count; slot++) if (take(slots, `${s}/${slot}`, owner, now, ttl)) return slot;
      return undefined;
    },
    releaseSpaceSlot: async (s, slot, owner) => give(slots, `${s}/${slot}`, owner),
    getCursor: async (s, m, f) => cursors.get(`${s}/${m}/${f}`),
    putCursor: async (s, m, f, c) => { cursors.set(`${s}/${m}/${f}`, c); },
  };
}

export function memoryProblems(): MailboxProblemRepo & { items: Map<string, MailboxProblem> } {
  const items = new Map<string, MailboxProblem>();
  const get = (id: string) => {
    const found = items.get(id);
    if (!found) throw new Error(`no problem ${id}`);
    return found;
  };
  return {
    items,
    async recordProblem(_s, _m, report, at) {
      const old = items.get(report.id);
      items.set(report.id, { ...old, ...report, attempts: (old?.attempts ?? 0) + 1, firstSeenAt: old?.firstSeenAt ?? at, lastSeenAt: at, retryRequestedAt: undefined });
    },
    listProblems: async () => [...items.values()],
    pageProblems: async (_s: string, _m: string, limit: number) => ({ items: [...items.values()].slice(0, limit) }),
    getProblem: async (_s, _m, id) => get(id),
    async requestRetry(_s, _m, id, at) {
      const updated = { ...get(id), retryRequestedAt: at };
      items.set(id, updated);
      return updated;
    },
    resolveProblem: async (_s, _m, id) => { items.delete(id); },
  };
}

/** A mailbox with INBOX only, its memory server, and sync deps over in-memory stores and queues. */
export function syncWorld(limits: SyncMailboxDeps['limits'] = {}, mailboxId = 'mb-1', server = createMemoryMailbox({ password: PASSWORD })) {
  const record: MailboxRecord = {
    spaceId: SPACE, id: mailboxId, host: 'imap.example.com', port: 993, security: 'tls', allowInsecure: false, username: 'u',
    folders: [{ path: 'INBOX', role: 'inbox' }], addresses: [], password: { v: 1, keyId: 'k', wrappedKey: '', iv: '', ciphertext: PASSWORD, tag: '' },
    paused: false, messagesSynced: 0, createdAt: '', updatedAt: '', version: 1,
  };
  const mailboxes = new Map([[mailboxId, record]]);
  const status = { lastError: undefined as string | undefined, synced: 0, lastSyncAt: undefined as string | undefined };
  const syncState = memorySyncState();
  const problems = memoryProblems();
  const runs = createMemorySyncRunStore();
  const blobs = createMemoryBlobs();
  const parseQueue = createMemoryQueue<ParseJob>();
  const syncQueue = { sent: [] as { job: SyncJob; delaySeconds?: number }[], async send(job: SyncJob, o?: { delaySeconds?: number }) { this.sent.push({ job, delaySeconds: o?.delaySeconds }); } };
  const deps: SyncMailboxDeps = {
    mailboxes: {
      getMailbox: async (_s, id) => mailboxes.get(id)!,
      recordSyncSuccess: async (_s, _id, at, synced) => { status.lastSyncAt = at; status.lastError = undefined; status.synced += synced; },
      recordSyncError: async (_s, _id, message, o) => { status.lastError = message; status.synced += o?.synced ?? 0; },
    },
    syncState, problems, runs, secrets: plainSecrets, imap: server, blobs, parseQueue, syncQueue,
    log: { info() {}, warn() {}, error() {} }, now: () => new Date(), limits,
  };
  const input = { spaceId: SPACE, mailboxId, correlationId: 'test' };
  return { server, record, mailboxes, status, syncState, problems, runs, blobs, parseQueue, syncQueue, deps, input };
}

/** A mail of about `bytes` bytes with a unique Message-ID. */
export const aMailOf = (bytes: number, n: string | number = Math.random()) =>
  `From: a@x.example\r\nSubject: m ${n}\r\nMessage-ID: <${n}@x.example>\r\n\r\n${'x'.repeat(Math.max(0, bytes - 60))}\r\n`;
