import { ulid } from 'ulid';
import {
  connectMailbox, reconnectMailbox, requestSync, testMailbox, toMailboxView, type ConnectMailboxDeps,
} from '../shared/domain/mailbox/connect-mailbox.js';
import type { MailboxRecord } from '../shared/domain/mailbox/mailbox-record.js';
import {
  createMailboxOp, deleteMailboxOp, getMailboxOp, listMailboxesOp, patchMailboxOp, syncMailboxOp, testMailboxOp,
} from '../shared/http/contracts/mailboxes.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { etagOf, expectedVersion } from '../shared/http/if-match.js';
import { mailboxAccess } from '../shared/store/mailbox-access.js';
import { mailRuntime } from '../shared/store/mail-runtime.js';

const deps = async (): Promise<ConnectMailboxDeps> => {
  const [rt, { imap, secrets }] = await Promise.all([mailRuntime(), mailboxAccess()]);
  return { mailboxes: rt.mailboxes, imap, secrets, syncQueue: rt.syncQueue, newId: ulid, now: rt.now };
};

const reply = (record: MailboxRecord, status = 200) => ({ status, body: toMailboxView(record), headers: { etag: etagOf(record.version) } });

/** Mailbox settings (admin): test, connect, change, disconnect, sync now. Passwords never leave sealed. */
export const handler = httpHandler(
  implement(listMailboxesOp, async ({ auth }) =>
    ({ body: { items: (await (await deps()).mailboxes.listMailboxes(auth.spaceId)).map(toMailboxView), nextCursor: null } })),
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
);
