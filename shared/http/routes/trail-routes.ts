import { auditTrailRow, messageTrail, newestFirst, type TrailOrder } from '../../domain/threads/mail-trail.js';
import type { MessageRecord } from '../../domain/threads/ports.js';
import { mailRuntime } from '../../deps/mail-runtime.js';
import { visibleMessage, visibleThread } from '../../deps/visible-mail.js';
import { createAuditStore } from '../../store/audit-store.js';
import { createOrderStore } from '../../store/order-store.js';
import { createThreadMembers } from '../../store/thread-members.js';
import { messageTrailOp, threadTrailOp } from '../contracts/trail.js';
import { implement, type Operation } from '../http-handler.js';
import { pageLimit, readCursor, writeCursor, type PageRequest } from '../page-cursor.js';
import type { TrailRow } from '../../domain/threads/mail-trail.js';

const THREAD_MESSAGES = 100;
const THREAD_AUDITS = 200;

/** The order made from a message, as its trail shows it (gone when the order is). */
async function orderOf(spaceId: string, m: MessageRecord): Promise<TrailOrder | undefined> {
  if (!m.orderId) return undefined;
  const order = await createOrderStore((await mailRuntime()).table).getOrder(spaceId, m.orderId);
  return order ? { id: order.id, createdAt: order.createdAt, createdBy: order.createdBy, status: order.status } : undefined;
}

/** One page of the derived rows: the cursor names the offset (bound to the caller and the query like every cursor). */
async function page(op: typeof messageTrailOp | typeof threadTrailOp, r: PageRequest & { query: { limit?: number } }, rows: TrailRow[]) {
  const offset = Number((await readCursor(op, r))?.offset ?? 0);
  const limit = pageLimit(r.query.limit);
  const next = offset + limit < rows.length ? { offset: offset + limit } : undefined;
  return { body: { items: rows.slice(offset, offset + limit), nextCursor: (await writeCursor(op, r, next)) ?? null } };
}

/** Audit trails of mail, derived from the message items, the thread's audit rows and orders (docs/inbox.md). */
export const trailRoutes: Operation[] = [
  implement(messageTrailOp, async (r) => {
    const { message } = await visibleMessage(r.auth, r.params.id);
    return page(messageTrailOp, r, newestFirst(messageTrail(message, await orderOf(r.auth.spaceId, message))));
  }),
  implement(threadTrailOp, async (r) => {
    const { thread } = await visibleThread(r.auth, r.params.id);
    const rt = await mailRuntime();
    const members = await createThreadMembers(rt.table).pageMembers(r.auth.spaceId, thread.id, THREAD_MESSAGES, true);
    const records = (await Promise.all(members.items.map((m) => rt.messages.findMessage(r.auth.spaceId, m.id)))).filter((m): m is MessageRecord => m !== undefined);
    const rows = await Promise.all(records.map(async (m) => messageTrail(m, await orderOf(r.auth.spaceId, m))));
    const audits = await createAuditStore(rt.table).listAudit(r.auth.spaceId, 'thread', thread.id, THREAD_AUDITS);
    return page(threadTrailOp, r, newestFirst([...rows.flat(), ...audits.items.map(auditTrailRow)]));
  }),
];
