import type { SyncBackoff, SyncBackoffRepo, SyncRun, SyncRunRepo } from '../domain/mailbox/sync-run.js';

/** Sync runs and back-offs in memory (unit tests, benchmarks); `runs` holds them per mailbox in arrival order. */
export function createMemorySyncRunStore(): SyncRunRepo & SyncBackoffRepo & { readonly runs: Map<string, SyncRun[]> } {
  const runs = new Map<string, SyncRun[]>();
  const backoffs = new Map<string, SyncBackoff>();
  const keyOf = (spaceId: string, mailboxId: string) => `${spaceId}/${mailboxId}`;
  return {
    runs,
    async recordRun(spaceId, mailboxId, run) {
      const list = runs.get(keyOf(spaceId, mailboxId)) ?? [];
      list.push(run);
      runs.set(keyOf(spaceId, mailboxId), list);
    },
    async listRuns(spaceId, mailboxId, limit) {
      return [...(runs.get(keyOf(spaceId, mailboxId)) ?? [])].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
    },
    async pageRuns(spaceId, mailboxId, limit) {
      return { items: await this.listRuns(spaceId, mailboxId, limit) };
    },
    async getBackoff(spaceId, mailboxId) { return backoffs.get(keyOf(spaceId, mailboxId)); },
    async putBackoff(spaceId, mailboxId, backoff) { backoffs.set(keyOf(spaceId, mailboxId), backoff); },
    async clearBackoff(spaceId, mailboxId) { backoffs.delete(keyOf(spaceId, mailboxId)); },
  };
}
