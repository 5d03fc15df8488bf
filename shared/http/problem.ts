import { ConfigError } from '../config/config.js';
import { DomainError } from '../domain/errors.js';

/** Where problem `type` URIs live; the documents are listed in docs/problems.md. */
export const PROBLEM_BASE = process.env.PROBLEM_BASE ?? 'https://mailbridge.dev/problems';

/**
 * code → [status, title]. A shipped code never changes meaning; add rows, never rename them.
 */
export const problems: Record<string, readonly [number, string]> = {
  'malformed-body': [400, 'The request body is not valid JSON'],
  'validation-failed': [400, 'Invalid input'],
  'invalid-cursor': [400, 'The page cursor is invalid'],
  'unauthorized': [401, 'Missing or invalid bearer token'],
  'forbidden': [403, 'Your role does not allow this'],
  'not-found': [404, 'No such resource'],
  'route-not-found': [404, 'No such route'],
  'conflict': [409, 'Conflict'],
  'duplicate-email': [409, 'Another contact already has this email address'],
  'primary-contact-taken': [409, 'The company already has a primary contact'],
  'duplicate-domain': [409, 'Another company already has this domain'],
  'duplicate-sku': [409, 'Another product already has this SKU'],
  'record-merged': [409, 'The record was merged into another; use mergedInto'],
  'merge-in-progress': [409, 'Another merge of these records is running'],
  'idempotency-key-reused': [409, 'The Idempotency-Key was used with a different request'],
  'version-mismatch': [412, 'The record changed since you read it'],
  'precondition-required': [428, 'Send If-Match with the version you read'],
  'payload-too-large': [413, 'The request body is too large'],
  'unsupported-media-type': [415, 'Send application/json'],
  'too-many-requests': [429, 'Too many requests for this Space; retry later'],
  'payment-email-cooldown': [429, 'This order had a payment email moments ago; retry later'],
  'payment-email-limit': [429, 'This Space sent its payment emails for the day; retry after midnight UTC'],
  'not-convertible': [409, 'This message cannot become an order'],
  'message-has-order': [409, 'This message already has an order'],
  'price-mismatch': [409, 'A line is not at the catalog price'],
  'order-not-resendable': [409, 'This order has no payment link to send'],
  'order-not-cancellable': [409, 'This order can no longer be cancelled'],
  'order-not-refundable': [409, 'This order has nothing to refund'],
  'refund-in-progress': [409, 'Another refund of this order is in progress'],
  'refund-exceeds-paid': [422, 'The refund is larger than what is left to refund'],
  'capture-decided': [409, 'This captured contact was already decided otherwise'],
  'contact-pending-review': [409, 'The address is a contact waiting for review; approve it first'],
  'opportunity-not-orderable': [409, 'Only a won opportunity with a quotation becomes an order'],
  'invalid-signature': [400, 'The Stripe signature is missing, invalid or outside the time tolerance'],
  'order-step-failed': [502, 'The order was saved but a step failed; retry the same request to finish it'],
  'not-chargeable': [422, 'The payment provider cannot charge this currency or amount'],
  'payment-provider-failed': [502, 'The payment provider refused or could not be reached'],
  'mailer-failed': [502, 'The mail provider refused the message'],
  'smtp-send-failed': [502, 'The mailbox\'s SMTP server did not take the mail'],
  'smtp-auth-failed': [502, 'The mailbox\'s SMTP server refused the login'],
  'mailbox-connect-failed': [422, 'Could not connect to the mailbox'],
  'mailbox-auth-failed': [422, 'The mailbox refused the username or password'],
  'mailbox-unavailable': [422, 'The mailbox server is unavailable; retry later'],
  'mailbox-limit-reached': [409, 'This Space has connected as many mailboxes as it may'],
  'oauth-state-invalid': [400, 'The authorization link is unknown, expired or already used'],
  'oauth-consent-denied': [403, 'The mail provider did not grant access to the mailbox'],
  'oauth-grant-refused': [422, 'The mail provider refused the authorization'],
  'oauth-provider-unavailable': [502, 'The mail provider\'s sign-in service failed; retry later'],
  'oauth-provider-not-configured': [422, 'OAuth2 sign-in with this provider is not configured for this deployment'],
  'oauth-smtp-not-granted': [409, 'The mailbox\'s OAuth2 consent does not allow sending through SMTP; reconnect it'],
  'secret-unavailable': [503, 'The key service is unavailable; retry later'],
  'secret-rejected': [500, 'The stored mailbox secret could not be opened'],
  'service-misconfigured': [500, 'The service is misconfigured'],
  'internal': [500, 'Internal error'],
  'duplicate-field-key': [409, 'Another active custom field of this entity has this key'],
  'field-limit': [409, 'The Space has as many custom fields of this kind as it may'],
  'assistant-disabled': [403, 'The assistant is not enabled for this Space'],
  'assistant-quota-exhausted': [429, 'This Space used its assistant tokens for the month'],
  'assistant-output-invalid': [502, 'The language model gave an answer of the wrong shape; retry'],
  'assistant-unavailable': [503, 'The language model is unavailable; retry later'],
  'unsafe-header': [400, 'A field would have added a mail header or recipient'],
  'address-bounced': [409, 'The address bounced permanently; mail to it is not sent'],
  'request-in-progress': [409, 'A request with this Idempotency-Key is still being processed; retry shortly'],
  'sms-opted-out': [409, 'The number opted out of SMS (STOP); nothing was sent'],
  'sms-not-configured': [409, 'This Space has no SMS number yet'],
  'sms-number-taken': [409, 'Another Space holds this SMS number'],
  'sms-send-failed': [502, 'The SMS provider did not take the message; nothing was sent'],
  'address-complained': [409, 'The customer reported our mail to this address as spam; no payment email is sent to it'],
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** The members RFC 9457 defines; an extension never replaces them (a `status` extension would become the HTTP status). */
const MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance']);

export const problemOf = (code: string, detail?: string, extra: Record<string, unknown> = {}, instance?: string): Problem => {
  const [status, title] = problems[code] ?? [500, 'Internal error'];
  const extensions = Object.fromEntries(Object.entries(extra).filter(([name]) => !MEMBERS.has(name)));
  return { ...extensions, type: `${PROBLEM_BASE}/${code}`, title, status, ...(detail ? { detail } : {}), ...(instance ? { instance } : {}) };
};

/**
 * Renders any thrown value. Domain errors keep their code and extras; a ConfigError becomes a bare
 * `service-misconfigured`; anything else a bare 500 that says nothing about its cause (it is logged
 * in full by the caller instead).
 */
export const toProblem = (err: unknown, instance?: string): Problem => {
  if (err instanceof DomainError && err.code in problems) return problemOf(err.code, err.message, err.extra, instance);
  // Which setting is wrong is for the operator's logs, not for the caller.
  if (err instanceof ConfigError) return problemOf('service-misconfigured', undefined, {}, instance);
  return problemOf('internal', undefined, {}, instance);
};

/** An error raised by the HTTP layer itself (body parsing, auth, routing). */
export class HttpProblemError extends DomainError {
  constructor(readonly code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message, extra);
  }
}
