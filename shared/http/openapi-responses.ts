import { problemCodesOf, successResponsesOf, type Contract, type ResponseHeader } from './contract.js';
import { problemOf, problems, PROBLEM_BASE } from './problem.js';

const problemExample = problemOf('duplicate-email', 'jane.doe@northwind.example already belongs to contact 01JDQ3M6N8V4W2X5Y7Z9A1B3C5', { existingId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5', email: 'jane.doe@northwind.example' }, 'Ab3dEf5hIJkLmn=');

type JsonSchema = Record<string, unknown>;
export type SchemaOf = (schema: import('zod').ZodType, io: 'input' | 'output') => JsonSchema;

/** What API Gateway itself answers (before or instead of the function), as `{"message": ...}` JSON. */
export const GATEWAY_MESSAGES: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The statuses the gateway may answer for this operation: 401 only where the authorizer runs. */
export const gatewayStatusesOf = (c: Contract): number[] =>
  Object.keys(GATEWAY_MESSAGES).map(Number).filter((s) => s !== 401 || c.auth === 'jwt');

const HEADER_REFS: Record<ResponseHeader, string> = { etag: 'ETag', location: 'Location' };
const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const successOf = (c: Contract, schemaOf: SchemaOf) =>
  Object.fromEntries(Object.entries(successResponsesOf(c)).map(([status, r]) => [status, {
    description: r.description,
    ...(r.headers?.length ? { headers: Object.fromEntries(r.headers.map((h) => [HEADER_REFS[h], ref('headers', HEADER_REFS[h])])) } : {}),
    ...(r.body ? { content: { [r.mediaType ?? 'application/json']: { schema: schemaOf(r.body, 'output'), ...(r.example !== undefined ? { example: r.example } : {}) } } } : {}),
  }]));

/** Problem statuses of the operation → the codes each may carry. */
export const problemStatusesOf = (c: Contract): Map<number, string[]> => {
  const byStatus = new Map<number, string[]>();
  for (const code of problemCodesOf(c)) {
    const status = problems[code]?.[0];
    if (status === undefined) throw new Error(`${c.operationId}: unknown problem code ${code}`);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
};

const problemContent = (status: number, codes: readonly string[]) => ({
  schema: {
    allOf: [ref('schemas', 'Problem'), {
      type: 'object',
      properties: { type: { enum: codes.map((code) => `${PROBLEM_BASE}/${code}`) }, status: { const: status } },
    }],
  },
});

/**
 * Every response an operation can give: its success responses, a problem+json response per status
 * its codes map to (narrowed to those codes), and API Gateway's own `{"message"}` answers.
 */
export function responsesOf(c: Contract, schemaOf: SchemaOf): Record<string, unknown> {
  const responses: Record<string, unknown> = successOf(c, schemaOf);
  const byStatus = problemStatusesOf(c);
  const gateway = gatewayStatusesOf(c);
  const statuses = [...new Set([...byStatus.keys(), ...gateway])].sort((a, b) => a - b);
  for (const status of statuses) {
    const codes = byStatus.get(status) ?? [];
    const fromGateway = gateway.includes(status);
    responses[String(status)] = {
      description: [codes.length ? `Problem: ${codes.join(', ')}` : '', fromGateway ? `API Gateway: {"message":"${GATEWAY_MESSAGES[status]}"}` : '']
        .filter(Boolean).join('. '),
      ...(status === 429 ? { headers: { 'Retry-After': ref('headers', 'RetryAfter') } } : {}),
      content: {
        ...(codes.length ? { 'application/problem+json': problemContent(status, codes) } : {}),
        ...(fromGateway ? { 'application/json': { schema: ref('schemas', 'GatewayError'), example: { message: GATEWAY_MESSAGES[status] } } } : {}),
      },
    };
  }
  return responses;
}

/** Shared components: Problem, GatewayError, the documented headers and header parameters. */
export const commonComponents = {
  schemas: {
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details; `type` is stable per code (docs/problems.md) and extensions depend on it.',
      required: ['type', 'title', 'status'],
      examples: [problemExample],
      properties: {
        type: { type: 'string', format: 'uri' }, title: { type: 'string' }, status: { type: 'integer' },
        detail: { type: 'string' }, instance: { type: 'string', description: 'The request id' },
        errors: {
          type: 'array', description: 'validation-failed: one entry per bad field',
          items: {
            type: 'object', required: ['pointer', 'detail'],
            properties: { in: { enum: ['body', 'query', 'path', 'header'] }, pointer: { type: 'string' }, detail: { type: 'string' } },
          },
        },
        retryAfter: { type: 'integer', description: 'too-many-requests: seconds until the Space may call again' },
        existingId: { type: 'string', description: 'duplicate-email, duplicate-domain, duplicate-sku, duplicate-field-key: the record (or field) that has the value' },
        email: { type: 'string', description: 'duplicate-email' },
        domain: { type: 'string', description: 'duplicate-domain' },
        sku: { type: 'string', description: 'duplicate-sku' },
        mergedInto: { type: 'string', description: 'record-merged: the record to change instead' },
        currentVersion: { type: 'integer', description: 'version-mismatch: send this version as If-Match after re-reading' },
        entity: { type: 'string', description: 'not-found: what was looked for' },
        id: { type: 'string', description: 'not-found: the id asked for' },
        reason: { type: 'string', description: 'not-convertible (outbound, automated, has-order), invalid-signature (missing, malformed, timestamp, mismatch, ...)' },
        automated: { type: 'string', description: 'not-convertible with reason automated: the kind (auto-reply, bounce, bulk, list)' },
        orderId: { type: 'string', description: 'not-convertible, message-has-order, idempotency-key-reused, order-step-failed: the order concerned' },
        orderStatus: { type: 'string', description: 'order-not-resendable: the order\'s status' },
        step: { type: 'string', description: 'order-step-failed: checkout, email or linked' },
        kind: { type: 'string', description: 'mailbox-connect-failed, mailbox-auth-failed, mailbox-unavailable: dns, refused, tls, auth, folder-missing, timeout, protocol, blocked-host, connection-lost' },
        providerError: { type: 'string', description: 'payment-provider-failed: the provider\'s error code' },
        masterId: { type: 'string', description: 'merge-in-progress: the master of the merge that holds the record' },
        mergedIds: { type: 'array', items: { type: 'string' }, description: 'merge-in-progress: the records that merge folds into the master' },
        limit: { type: 'integer', description: 'mailbox-limit-reached: how many mailboxes a Space may connect; field-limit: how many fields of that kind' },
        key: { type: 'string', description: 'duplicate-field-key: the custom field key' },
        which: { type: 'string', description: 'field-limit: active or filterable, the limit reached' },
        cap: { type: 'integer', description: 'assistant-quota-exhausted: the Space\'s monthly token cap' },
        used: { type: 'integer', description: 'assistant-quota-exhausted: tokens used this month' },
        perDay: { type: 'integer', description: 'payment-email-limit: payment emails a Space may send per UTC day' },
      },
    },
    GatewayError: {
      type: 'object', required: ['message'], additionalProperties: false,
      description: 'API Gateway\'s own answer (authorizer, throttling, integration failures), not problem+json',
      properties: { message: { type: 'string' } },
    },
  },
  headers: {
    ETag: { description: 'The record version, quoted; send it as If-Match', schema: { type: 'string', pattern: '^"\\d+"$' } },
    Location: { description: 'Where the resource (or the download) is', schema: { type: 'string' } },
    RetryAfter: { description: 'Seconds to wait before calling again', schema: { type: 'integer', minimum: 1 } },
  },
  parameters: {
    IfMatch: {
      name: 'If-Match', in: 'header', required: true, schema: { type: 'string', examples: ['"3"'] },
      description: 'The ETag you read (`W/` accepted). Missing: 428 precondition-required; stale: 412 version-mismatch.',
    },
    IdempotencyKey: {
      name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$' },
      description: 'Makes a retry return the first answer (the same order, the same sent mail) without doing it again; the same key with another body is 409 idempotency-key-reused.',
    },
    StripeSignature: {
      name: 'Stripe-Signature', in: 'header', required: true, schema: { type: 'string' },
      description: 'Stripe\'s `t=...,v1=...` signature of the exact body; checked before anything is read.',
    },
  },
};

export const HEADER_PARAMETERS = { 'if-match': 'IfMatch', 'idempotency-key': 'IdempotencyKey', 'stripe-signature': 'StripeSignature' } as const;
