import { removeMailboxSmtp, setMailboxSmtp } from '../../domain/mailbox/set-mailbox-smtp.js';
import { smtpSettingsDeps } from '../../deps/mailbox-deps.js';
import { deleteMailboxSmtpOp, putMailboxSmtpOp } from '../contracts/mailbox-smtp.js';
import { implement, type Operation } from '../http-handler.js';
import { expectedVersion } from '../if-match.js';
import { reply } from './mailbox-routes.js';

/** The mailbox's own SMTP server for mail from the record (admin); its password is sealed at once and never returned. */
export const mailboxSmtpRoutes: Operation[] = [
  implement(putMailboxSmtpOp, async ({ auth, params, body, headers, requestId }) => reply(await setMailboxSmtp(await smtpSettingsDeps(), {
    actor: { spaceId: auth.spaceId, userId: auth.userId, requestId }, mailboxId: params.id, settings: body, expectedVersion: expectedVersion(headers),
  }))),
  implement(deleteMailboxSmtpOp, async ({ auth, params, headers, requestId }) => reply(await removeMailboxSmtp(await smtpSettingsDeps(), {
    actor: { spaceId: auth.spaceId, userId: auth.userId, requestId }, mailboxId: params.id, expectedVersion: expectedVersion(headers),
  }))),
];
