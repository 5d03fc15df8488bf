import {
  connectMailbox, reconnectMailbox, requestSync, testMailbox, toMailboxView,
} from '../../domain/mailbox/connect-mailbox.js';
import { readMailboxHealth } from '../../domain/mailbox/read-health.js';
import { listMailboxProblems, problemCounts, retryMailboxProblem } from '../../domain/mailbox/retry-problem.js';
import type { MailboxRecord } from '../../domain/mailbox/mailbox-record.js';
import {
  createMailboxOp, deleteMailboxOp, getMailboxOp, listMailboxesOp, listMailboxProblemsOp, patchMailboxOp, retryMailboxProblemOp,
  syncMailboxOp, testMailboxOp,
} from '../contracts/mailboxes.js';
import { getMailboxHealthOp } from '../contracts/mailbox-health.js';
import { POLL_SCHEDULE_MINUTES } from '../../config/names.js';
import { implement, type Operation } from '../http-handler.js';
import { etagOf, expectedVersion } from '../if-match.js';
import { pageLimit, readCursor, writeCursor } from '../page-cursor.js';
import { mailRuntime } from '../../deps/mail-runtime.js';
import { connectDeps } from '../../deps/mailbox-deps.js';

/** The mailbox view with the counts of what it did not import (GET /mailboxes/{id}/problems has the rest). */
const withProblems = async (record: MailboxRecord) =>
  ({ ...toMailboxView(record), problems: problemCounts(await (await mailRuntime()).problems.listProblems(record.spaceId, record.id)) });

export const reply = async (record: MailboxRecord, status = 200) =>
  ({ status, body: await withProblems(record), headers: { etag: etagOf(record.version) } });

/** Mailbox settings (admin): test, connect, change, disconnect, sync now, what was not imported; sync health (staff). Passwords never leave sealed. */
export const mailboxRoutes: Operation[] = [
  implement(listMailboxesOp, async ({ auth }) =>
    ({ body: { items: await Promise.all((await (await connectDeps()).mailboxes.listMailboxes(auth.spaceId)).map(withProblems)), nextCursor: null } })),
  implement(testMailboxOp, async ({ body }) => {
    const { password, ...settings } = body;
    return { body: await testMailbox(await connectDeps(), settings, password) };
  }),
  implement(createMailboxOp, async ({ auth, body, requestId }) => {
    const { password, ...settings } = body;
    return reply(await connectMailbox(await connectDeps(), { spaceId: auth.spaceId, settings, password, correlationId: requestId }), 201);
  }),
  implement(getMailboxOp, async ({ auth, params }) => reply(await (await connectDeps()).mailboxes.getMailbox(auth.spaceId, params.id))),
  implement(patchMailboxOp, async ({ auth, params, body, headers }) => {
    const version = expectedVersion(headers);
    const { password, ...changes } = body;
    return reply(await reconnectMailbox(await connectDeps(), {
      spaceId: auth.spaceId, id: params.id, changes, expectedVersion: version, ...(password !== undefined ? { password } : {}),
    }));
  }),
  implement(deleteMailboxOp, async ({ auth, params }) => {
    await (await connectDeps()).mailboxes.deleteMailbox(auth.spaceId, params.id);
    return { status: 204 };
  }),
  implement(syncMailboxOp, async ({ auth, params, requestId }) => {
    await requestSync(await connectDeps(), { spaceId: auth.spaceId, mailboxId: params.id, correlationId: requestId });
    return { status: 202, body: { queued: true } };
  }),
  implement(listMailboxProblemsOp, async ({ auth, params, query }) => {
    const startKey = query.cursor ? await readCursor(listMailboxProblemsOp, { auth, query, params }) : undefined;
    const { lastKey, ...page } = await listMailboxProblems(await mailRuntime(), {
      spaceId: auth.spaceId, mailboxId: params.id, limit: pageLimit(query.limit), ...(startKey ? { startKey } : {}),
    });
    return { body: { ...page, nextCursor: (await writeCursor(listMailboxProblemsOp, { auth, query, params }, lastKey)) ?? null } };
  }),
  implement(retryMailboxProblemOp, async ({ auth, params, requestId }) => {
    const problem = await retryMailboxProblem(await mailRuntime(), { spaceId: auth.spaceId, mailboxId: params.id, problemId: params.problemId, correlationId: requestId });
    return { status: 202, body: { queued: true, problem } };
  }),
  implement(getMailboxHealthOp, async ({ auth, params, query }) => {
    const startKey = query.cursor ? await readCursor(getMailboxHealthOp, { auth, query, params }) : undefined;
    const { lastKey, ...health } = await readMailboxHealth({ ...await mailRuntime(), intervalMs: POLL_SCHEDULE_MINUTES * 60_000 }, {
      spaceId: auth.spaceId, mailboxId: params.id, limit: pageLimit(query.limit), ...(startKey ? { startKey } : {}),
    });
    return { body: { ...health, nextCursor: (await writeCursor(getMailboxHealthOp, { auth, query, params }, lastKey)) ?? null } };
  }),
];
