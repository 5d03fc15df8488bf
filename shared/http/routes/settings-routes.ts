import { systemRuntime } from '../../domain/audit/system-runtime.js';
import { ValidationError } from '../../domain/errors.js';
import { auditTrail, spaceSettings, staffList } from '../../deps/settings-deps.js';
import { visibleThread } from '../../deps/visible-mail.js';
import { listAuditOp } from '../contracts/audit.js';
import { getMailSignatureOp, putMailSignatureOp } from '../contracts/replies.js';
import { getMailRulesOp, putMailRulesOp } from '../contracts/settings.js';
import { listStaffOp } from '../contracts/staff.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, pageReply, readCursor } from '../page-cursor.js';

/** The audit trail of a record, the Space's staff, the mail rules and the mail signature. */
export const settingsRoutes: Operation[] = [
  implement(listAuditOp, async ({ auth, query }) => {
    const [entity = '', fromEntity] = query.entity.split(':');
    const id = fromEntity ?? query.id;
    if (!id) throw new ValidationError([{ pointer: '#/id', detail: 'name the record: entity=contact:<id> or id=<id>' }]);
    // A thread's trail is as visible as the thread: a restricted one is 404 to everyone else.
    const hidden = entity === 'thread' ? await visibleThread(auth, id).then(() => undefined, (error: unknown) => error) : undefined;
    const page = await auditTrail().listAudit(auth.spaceId, entity, id, pageLimit(query.limit), query.cursor ? await readCursor(listAuditOp, { auth, query }) : undefined);
    // Admins still read the rows of a thread staff deleted: its newest row is the delete (a thread that never was has none).
    if (hidden !== undefined && !(auth.role === 'admin' && (await auditTrail().listAudit(auth.spaceId, entity, id, 1)).items[0]?.action === 'delete')) throw hidden;
    return pageReply(listAuditOp, { auth, query }, page, ({ spaceId: _s, ...row }) => row);
  }),
  implement(listStaffOp, async ({ auth, query }) => {
    const page = await staffList().listStaff(auth.spaceId, pageLimit(query.limit), query.cursor ? await readCursor(listStaffOp, { auth, query }) : undefined);
    return pageReply(listStaffOp, { auth, query }, page, (member) => member);
  }),
  implement(getMailRulesOp, async ({ auth }) => {
    const saved = await spaceSettings().getMailRules(auth.spaceId);
    return { body: saved, headers: { etag: etagOf(saved.version) } };
  }),
  implement(putMailRulesOp, async ({ auth, body, headers, requestId }) => {
    const actor = { spaceId: auth.spaceId, userId: auth.userId, requestId, at: systemRuntime.now().toISOString(), auditId: systemRuntime.newId() };
    const saved = await spaceSettings().putMailRules(actor, body, expectedVersion(headers));
    return { status: 200, body: saved, headers: { etag: etagOf(saved.version) } };
  }),
  implement(getMailSignatureOp, async ({ auth }) => {
    const saved = await spaceSettings().getMailSignature(auth.spaceId);
    return { body: saved, headers: { etag: etagOf(saved.version) } };
  }),
  implement(putMailSignatureOp, async ({ auth, body, headers, requestId }) => {
    const actor = { spaceId: auth.spaceId, userId: auth.userId, requestId, at: systemRuntime.now().toISOString(), auditId: systemRuntime.newId() };
    const saved = await spaceSettings().putMailSignature(actor, body.text, expectedVersion(headers));
    return { status: 200, body: saved, headers: { etag: etagOf(saved.version) } };
  }),
];
