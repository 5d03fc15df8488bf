import type { RuleTally, RuleTallyRepo } from '../domain/mailbox/rule-tally.js';
import type { SyncBackoff, SyncBackoffRepo, SyncRun, SyncRunRepo } from '../domain/mailbox/sync-run.js';

/** Sync runs, back-offs and rule tallies in memory (unit tests, benchmarks); `runs` holds them per mailbox in arrival order. */
export function createMemorySyncRunStore(): SyncRunRepo & SyncBackoffRepo & RuleTallyRepo & { readonly runs: Map<string, SyncRun[]> } {
  const runs = new Map<string, SyncRun[]>();
  const backoffs = new Map<string, SyncBackoff>();
  const tallies = new Map<string, RuleTally>();
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
    async addRuleTally(spaceId, mailboxId, tally) {
      const key = `${keyOf(spaceId, mailboxId)}/${tally.day}`;
      const was = tallies.get(key) ?? { day: tally.day, kept: 0, skipped: 0 };
      tallies.set(key, { day: tally.day, kept: was.kept + tally.kept, skipped: was.skipped + tally.skipped });
    },
    async listRuleTallies(spaceId, mailboxId, sinceDay) {
      const prefix = `${keyOf(spaceId, mailboxId)}/`;
      return [...tallies.entries()].filter(([k, t]) => k.startsWith(prefix) && t.day >= sinceDay).map(([, t]) => t);
    },
  };
}
