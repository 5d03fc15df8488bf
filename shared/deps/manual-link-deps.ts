import type { ManualLinkDeps } from '../domain/threads/manual-link.js';
import { writeAudit } from '../store/audit-store.js';
import { createThreadMembers } from '../store/thread-members.js';
import { mailRuntime } from './mail-runtime.js';

/** A thread holds at most this many messages for a staff link or unlink (one member query). */
export const MANUAL_LINK_MAX_MESSAGES = 500;

/** The stores a staff link or unlink writes, on the container's mail runtime. */
export async function manualLinkDeps(): Promise<ManualLinkDeps & { threadMessageIds(spaceId: string, threadId: string): Promise<string[]> }> {
  const rt = await mailRuntime();
  return {
    messages: rt.messages,
    threads: rt.threads,
    links: rt.links,
    audits: { putAudit: (entry) => writeAudit(rt.table, entry) },
    touchContactActivity: rt.directory.touchContactActivity,
    threadMessageIds: async (spaceId, threadId) =>
      (await createThreadMembers(rt.table).listMembers(spaceId, threadId, MANUAL_LINK_MAX_MESSAGES)).map((m) => m.id),
  };
}
