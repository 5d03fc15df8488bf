import { ulid } from 'ulid';
import {
  connectMailbox, reconnectMailbox, requestSync, testMailbox, toMailboxView, type ConnectMailboxDeps,
} from '../shared/domain/mailbox/connect-mailbox.js';
import { completeMailboxAuthorization, startMailboxAuthorization, type AuthorizeMailboxDeps } from '../shared/domain/mailbox/authorize-mailbox.js';
import { readMailboxHealth } from '../shared/domain/mailbox/read-health.js';
import { listMailboxProblems, problemCounts, retryMailboxProblem } from '../shared/domain/mailbox/retry-problem.js';
import type { MailboxRecord } from '../shared/domain/mailbox/mailbox-record.js';
import {
  createMailboxOp, deleteMailboxOp, getMailboxOp, listMailboxesOp, listMailboxProblemsOp, patchMailboxOp, retryMailboxProblemOp,
  syncMailboxOp, testMailboxOp,
} from '../shared/http/contracts/mailboxes.js';
import { getMailboxHealthOp } from '../shared/http/contracts/mailbox-health.js';
import { mailboxOAuthCallbackOp, startMailboxOAuthOp } from '../shared/http/contracts/mailbox-oauth.js';
import { connectedPage } from '../shared/http/oauth-page.js';
import { POLL_SCHEDULE_MINUTES } from '../shared/config/names.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { etagOf, expectedVersion } from '../shared/http/if-match.js';
import { pageLimit, readCursor, writeCursor } from '../shared/http/page-cursor.js';
import { mailboxAccess } from '../shared/store/mailbox-access.js';
import { mailRuntime } from '../shared/store/mail-runtime.js';
import { mailboxOAuth } from '../shared/store/mailbox-oauth.js';
import { createOAuthPendingStore } from '../shared/store/oauth-pending-store.js';

const deps = async (): Promise<ConnectMailboxDeps> => {
  const [rt, { imap, secrets }] = await Promise.all([mailRuntime(), mailboxAccess()]);
  return { mailboxes: rt.mailboxes, imap, secrets, syncQueue: rt.syncQueue, newId: ulid, now: rt.now, maxMailboxesPerSpace: rt.maxMailboxesPerSpace };
};

const authorizeDeps = async (): Promise<AuthorizeMailboxDeps> => {
  const [base, rt] = await Promise.all([deps(), mailRuntime()]);
  const oauth = mailboxOAuth();
  return { ...base, providers: oauth.providers, tokens: oauth.tokens, redirectUri: oauth.redirectUri(), pending: createOAuthPendingStore(rt.table) };
};

/** The mailbox view with the counts of what it did not import (GET /mailboxes/{id}/problems has the rest). */
const withProblems = async (record: MailboxRecord) =>
  ({ ...toMailboxView(record), problems: problemCounts(await (await mailRuntime()).problems.listProblems(record.spaceId, record.id)) });

const reply = async (record: MailboxRecord, status = 200) =>
  ({ status, body: await withProblems(record), headers: { etag: etagOf(record.version) } });

/** Mailbox settings (admin): test, connect, change, disconnect, sync now, what was not imported; sync health (staff). Passwords never leave sealed. */
export const handler = httpHandler(
  implement(listMailboxesOp, async ({ auth }) =>
    ({ body: { items: await Promise.all((await (await deps()).mailboxes.listMailboxes(auth.spaceId)).map(withProblems)), nextCursor: null } })),
  implement(testMailboxOp, async ({ body }) => {
    const { password, ...settings } = body;
    return { body: await testMailbox(await deps(), settings, password) };
  }),
  implement(createMailboxOp, async ({ auth, body, requestId }) => {
    const { password, ...settings } = body;
    return reply(await connectMailbox(await deps(), { spaceId: auth.spaceId, settings, password, correlationId: requestId }), 201);
  }),
  implement(getMailboxOp, async ({ auth, params }) => reply(await (await deps()).mailboxes.getMailbox(auth.spaceId, params.id))),
  implement(patchMailboxOp, async ({ auth, params, body, headers }) => {
    const version = expectedVersion(headers);
    const { password, ...changes } = body;
    return reply(await reconnectMailbox(await deps(), {
      spaceId: auth.spaceId, id: params.id, changes, expectedVersion: version, ...(password !== undefined ? { password } : {}),
    }));
  }),
  implement(deleteMailboxOp, async ({ auth, params }) => {
    await (await deps()).mailboxes.deleteMailbox(auth.spaceId, params.id);
    return { status: 204 };
  }),
  implement(syncMailboxOp, async ({ auth, params, requestId }) => {
    await requestSync(await deps(), { spaceId: auth.spaceId, mailboxId: params.id, correlationId: requestId });
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
  implement(startMailboxOAuthOp, async ({ auth, body }) =>
    ({ body: await startMailboxAuthorization(await authorizeDeps(), { spaceId: auth.spaceId, userId: auth.userId, ...body }) })),
  implement(mailboxOAuthCallbackOp, async ({ query, requestId }) => {
    const error = query.error === undefined ? undefined : /^[a-z_]{1,64}$/.test(query.error) ? query.error : 'unknown';
    const record = await completeMailboxAuthorization(await authorizeDeps(), {
      state: query.state, correlationId: requestId, ...(query.code !== undefined ? { code: query.code } : {}), ...(error !== undefined ? { error } : {}),
    });
    return { text: connectedPage(record.username), headers: { 'content-type': 'text/html; charset=utf-8', 'referrer-policy': 'no-referrer' } };
  }),
  implement(getMailboxHealthOp, async ({ auth, params, query }) => {
    const startKey = query.cursor ? await readCursor(getMailboxHealthOp, { auth, query, params }) : undefined;
    const { lastKey, ...health } = await readMailboxHealth({ ...await mailRuntime(), intervalMs: POLL_SCHEDULE_MINUTES * 60_000 }, {
      spaceId: auth.spaceId, mailboxId: params.id, limit: pageLimit(query.limit), ...(startKey ? { startKey } : {}),
    });
    return { body: { ...health, nextCursor: (await writeCursor(getMailboxHealthOp, { auth, query, params }, lastKey)) ?? null } };
  }),
);
