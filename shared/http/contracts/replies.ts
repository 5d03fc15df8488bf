import * as z from 'zod';
import { MAIL_SIGNATURE_MAX_CHARS } from '../../domain/threads/mail-signature.js';
import { REPLY_LIMITS } from '../../domain/threads/reply-to-thread.js';
import { contract } from '../contract.js';
import { contactId, idParamsOf, mailboxId, threadId } from './common.js';

/** A mailbox with its own SMTP server: the server refused the mail or the login, or its sealed login could not be opened. */
const SMTP_PROBLEMS = ['smtp-send-failed', 'smtp-auth-failed', 'secret-unavailable', 'secret-rejected', 'oauth-grant-refused', 'oauth-provider-unavailable'];

/** Characters that end or fold a header line: refused in every field that becomes a header. */
const ONE_LINE = /^[^\r\n\u000b\u000c\u0085\u2028\u2029\u0000-\u001f\u007f]*$/;
const oneLine = (max: number) => z.string().max(max).regex(ONE_LINE, 'must be one line without control characters');
const address = z.string().max(254)
  .regex(/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/,
    'must be one plain address (a@example.com)');

export const replyAttachment = z.strictObject({
  filename: oneLine(200).min(1),
  contentType: z.string().max(191).regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i, 'must be a MIME type such as application/pdf'),
  contentBase64: z.base64().max(Math.ceil(REPLY_LIMITS.attachmentBytes / 3) * 4),
});

export const replyBody = z.strictObject({
  text: z.string().min(1).max(REPLY_LIMITS.textChars).meta({ description: 'The reply as plain text (any characters; it never reaches a header)' }),
  to: z.array(address).min(1).max(REPLY_LIMITS.recipients).optional()
    .meta({ description: 'Recipients; default: the Reply-To (else From) of the thread\'s newest customer message' }),
  cc: z.array(address).max(REPLY_LIMITS.recipients).optional(),
  subject: oneLine(300).min(1).optional().meta({ description: 'Default: `Re: ` and the subject of the message replied to' }),
  attachments: z.array(replyAttachment).max(REPLY_LIMITS.attachments).optional()
    .meta({ description: `At most ${REPLY_LIMITS.attachments}, together at most ${REPLY_LIMITS.attachmentBytes} bytes` }),
});

export const sentReplyView = z.strictObject({
  id: z.string().meta({ description: 'The message id the reply has in the thread once the sync function stored it in Sent' }),
  messageId: z.string().meta({ description: 'The Message-ID header, without angle brackets' }),
  threadId: z.string(),
  mailboxId: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  status: z.literal('sent'),
  warnings: z.array(z.strictObject({
    code: z.literal('address_complained'), address: z.string(), detail: z.string(),
  })).optional().meta({ description: 'Recipients who once reported our mail as spam (an SES complaint); the mail was sent anyway' }),
});

export const replyToThreadOp = contract({
  operationId: 'replyToThread', method: 'POST', path: '/threads/{id}/reply', fn: 'mail-api', tag: 'inbox',
  summary: 'Reply to a thread from the CRM',
  description: 'Replies to the thread\'s newest customer message with In-Reply-To and References set, Reply-To the mailbox the thread came '
    + 'to, through the mail provider (SES). The sent mail is then stored in the mailbox\'s Sent folder (marked read) and joins the thread '
    + 'under its Message-ID, so later syncs add no second copy. A header field with a line break or more than one address is 400. '
    + 'With an Idempotency-Key, a retry (or a concurrent copy) gets the first answer and sends nothing; the same key with another '
    + 'request is 409 `idempotency-key-reused`, and 409 `request-in-progress` while the first one is still sending.',
  params: idParamsOf(threadId), body: replyBody, requestHeaders: ['idempotency-key'], requestExample: { text: 'Thanks, Jane. Your order ships tomorrow.' },
  responses: {
    201: {
      description: 'The reply was handed to the mail provider', body: sentReplyView,
      example: {
        id: '4f0c8e9d2b7a41c6a3e5d1f0b9c8a7e6', messageId: '01JD0000000000000000000000@acme-supplies.example', threadId: '7d2e1c0b9a8f47e6b5d4c3b2a1f0e9d8',
        mailboxId: '01JC000000000000000000000M', to: ['jane.doe@northwind.example'], cc: [], subject: 'Re: Order', status: 'sent',
      },
    },
  },
  problems: ['not-found', 'mailer-failed', 'unsafe-header', 'idempotency-key-reused', 'request-in-progress', ...SMTP_PROBLEMS],
});

export const emailContactBody = z.strictObject({
  subject: oneLine(300).min(1),
  text: replyBody.shape.text,
  cc: replyBody.shape.cc,
  attachments: replyBody.shape.attachments,
  mailboxId: mailboxId.optional().meta({ description: 'The mailbox the customer answers to (Reply-To) and whose Sent folder keeps the mail; default: the Space\'s first mailbox with an address' }),
});

export const emailContactOp = contract({
  operationId: 'emailContact', method: 'POST', path: '/contacts/{id}/emails', fn: 'mail-api', tag: 'inbox',
  summary: 'Write a new email to a contact from the record',
  description: 'Sends to the contact\'s primary address on a new thread, with the Space\'s signature, Reply-To the mailbox, through the mail '
    + 'provider; the mail is stored in the mailbox\'s Sent folder and joins the contact\'s timeline once synced. A bounced address is 409 '
    + '`address-bounced`, an address waiting for review 409 `contact-pending-review`. Idempotency-Key as on replies.',
  params: idParamsOf(contactId), body: emailContactBody, requestHeaders: ['idempotency-key'],
  requestExample: { subject: 'Your quote', text: 'Hello Jane, your quote is attached.' },
  responses: {
    201: {
      description: 'The mail was handed to the mail provider', body: sentReplyView,
      example: {
        id: '4f0c8e9d2b7a41c6a3e5d1f0b9c8a7e6', messageId: '01JD0000000000000000000000@acme-supplies.example', threadId: '7d2e1c0b9a8f47e6b5d4c3b2a1f0e9d8',
        mailboxId: '01JC000000000000000000000M', to: ['jane.doe@northwind.example'], cc: [], subject: 'Your quote', status: 'sent',
      },
    },
  },
  problems: ['not-found', 'mailer-failed', 'unsafe-header', 'idempotency-key-reused', 'request-in-progress', 'address-bounced', 'contact-pending-review', ...SMTP_PROBLEMS],
});

export const mailSignatureBody = z.strictObject({
  text: z.string().max(MAIL_SIGNATURE_MAX_CHARS).meta({ description: 'Plain text, several lines allowed; empty removes the signature' }),
});
const mailSignatureView = z.strictObject({
  text: z.string().meta({ description: 'Appended under `-- ` to every mail sent from the record; empty when there is none' }),
  version: z.number().int().min(0).meta({ description: '0 until an admin saves the first signature; also the ETag' }),
});
const signatureExample = { text: 'Jane Smith\nAcme Supplies · +44 20 7946 0000', version: 1 };

export const getMailSignatureOp = contract({
  operationId: 'getMailSignature', method: 'GET', path: '/settings/mail-signature', fn: 'settings-api', tag: 'settings',
  summary: 'The Space\'s signature under replies and emails sent from the record; the ETag is the version',
  description: 'Plain text that every reply and email from the record carries under the `-- ` separator. Version 0 and an empty text until an admin saves one.',
  responses: { 200: { description: 'The signature and its version', body: mailSignatureView, example: signatureExample, headers: ['etag'] } },
});

export const putMailSignatureOp = contract({
  operationId: 'putMailSignature', method: 'PUT', path: '/settings/mail-signature', fn: 'settings-api', tag: 'settings', role: 'admin',
  summary: 'Replace the Space\'s mail signature (admin); send If-Match with the version you read ("0" before the first save)',
  description: 'Every later reply and email from the record carries it under the `-- ` separator. 428 without If-Match, 412 when stale; audited.',
  body: mailSignatureBody, requestHeaders: ['if-match'], requestExample: { text: signatureExample.text },
  responses: { 200: { description: 'The saved signature and its new version', body: mailSignatureView, example: signatureExample, headers: ['etag'] } },
});

export const replies = [replyToThreadOp, getMailSignatureOp, putMailSignatureOp, emailContactOp];
