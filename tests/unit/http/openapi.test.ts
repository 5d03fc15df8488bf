import { Validator } from '@seriousme/openapi-schema-validator';
import { RULE_HEADERS } from '../../../shared/domain/rules/mail-rules.js';
import { describe, expect, it } from 'vitest';
import { problemCodesOf, successResponsesOf, type Contract } from '../../../shared/http/contract.js';
import { CONTRACTS } from '../../../shared/http/contracts/index.js';
import { buildOpenApi } from '../../../shared/http/openapi.js';
import { problemStatusesOf } from '../../../shared/http/openapi-responses.js';
import { problems } from '../../../shared/http/problem.js';
import { createContractValidator } from '../../support/contract-validator.js';

/** Audit actions and entities and webhook outcomes read like problem codes: event names, kebab-case (docs/api.md). */
const KEBAB_VOCABULARIES = ['checkout-created', 'payment-email-sent', 'thread-linked', 'status-changed', 'link-reissued', 'payment-email-resent', 'receipt-email-sent', 'refund-requested', 'refund-settled', 'merge-request', 'unknown-order', 'no-transition', 'marked-read', 'marked-unread', 'blocklist-applied', 'marked-private', 'unmarked-private', 'mail-relinked', 'opted-out', 'opted-in', 'sms-number', 'rules-reapplied'];

const doc = buildOpenApi(CONTRACTS);
type DocOperation = { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown>; example?: unknown }> }>; security: unknown[]; parameters: { name?: string; in?: string; $ref?: string }[] };
const operationOf = (c: Contract) => (doc.paths[c.path] as Record<string, DocOperation>)[c.method.toLowerCase()] as DocOperation;
const each = (check: (c: Contract) => string | undefined) => CONTRACTS.map(check).filter((m): m is string => m !== undefined);

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(doc) as never);

    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('gives every operation a description and a body schema with an example for each success status but 204', () => {
    const missing = CONTRACTS.flatMap((c) => [
      ...(c.description ? [] : [`${c.operationId}: no description`]),
      ...(c.responses ? [] : [`${c.operationId}: no responses`]),
      ...(String(c.successStatus) in successResponsesOf(c) ? [] : [`${c.operationId}: successStatus ${c.successStatus} is not among its responses`]),
      ...Object.entries(successResponsesOf(c)).flatMap(([status, r]) => (status === '204'
        ? (r.body ? [`${c.operationId} ${status}: a 204 has no body`] : [])
        : [...(r.body ? [] : [`${c.operationId} ${status}: no body schema`]), ...(r.example !== undefined ? [] : [`${c.operationId} ${status}: no example`])])),
    ]);

    expect(missing).toEqual([]);
  });

  it('has examples that validate against their own schemas', () => {
    const validator = createContractValidator(doc);
    const broken = CONTRACTS.flatMap((c) => [
      ...Object.entries(operationOf(c).responses).flatMap(([status, r]) => Object.entries(r.content ?? {}).flatMap(([media, m]) =>
        (m.example === undefined ? [] : validator.validateValue(m.schema, m.example).map((e) => `${c.operationId} ${status} ${media}: ${e}`)))),
      ...(c.body
        ? (c.requestExample === undefined ? [`${c.operationId}: no request example`]
          : c.body.safeParse(c.requestExample).success ? [] : [`${c.operationId}: the request example breaks the body schema`])
        : []),
    ]);

    expect(broken).toEqual([]);
  });

  it('documents every status an operation can answer with, each problem code under its own status', () => {
    const undocumented = CONTRACTS.flatMap((c) => {
      const responses = operationOf(c).responses;
      return [...problemStatusesOf(c)].flatMap(([status, codes]) => {
        const media = responses[String(status)]?.content?.['application/problem+json'];
        const types = ((media?.schema.allOf as { properties?: { type?: { enum?: string[] } } }[] | undefined)?.[1]?.properties?.type?.enum ?? []);
        return codes.filter((code) => !types.some((t) => t.endsWith(`/${code}`))).map((code) => `${c.operationId}: ${code} (${status})`);
      });
    });
    const unknownCodes = CONTRACTS.flatMap((c) => problemCodesOf(c).filter((code) => !(code in problems)).map((code) => `${c.operationId}: ${code}`));

    expect(undocumented).toEqual([]);
    expect(unknownCodes).toEqual([]);
  });

  it('documents API Gateway\'s own answers and Retry-After on every rate-limited operation', () => {
    const gaps = each((c) => {
      const responses = operationOf(c).responses as Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
      const gateway = [...(c.auth === 'jwt' ? ['401'] : []), '413', '429', '500', '503'].filter((s) => !responses[s]?.content?.['application/json']);
      const retry = c.rateLimit && !responses['429']?.headers?.['Retry-After'] ? ['429 without Retry-After'] : [];
      return gateway.length || retry.length ? `${c.operationId}: ${[...gateway, ...retry].join(', ')}` : undefined;
    });

    expect(gaps).toEqual([]);
  });

  it('names the role of every token operation as a security scope and leaves /openapi.json and the webhook public', () => {
    const security = Object.fromEntries(CONTRACTS.map((c) => [c.operationId, operationOf(c).security]));
    const publicWithoutReason = CONTRACTS.filter((c) => c.auth === 'none' && !c.publicBecause).map((c) => c.operationId);

    expect(security.getOpenApi).toEqual([]);
    expect(security.stripeWebhook).toEqual([]);
    expect(security.mergeContacts).toEqual([{ bearer: ['admin'] }]);
    expect(security.listContacts).toEqual([{ bearer: ['staff'] }]);
    expect(CONTRACTS.filter((c) => c.auth === 'jwt').every((c) => JSON.stringify(security[c.operationId]) === JSON.stringify([{ bearer: [c.role] }]))).toBe(true);
    expect(publicWithoutReason).toEqual([]);
  });
});

describe('API conventions', () => {
  it('requires If-Match on every PATCH and PUT', () => {
    const without = CONTRACTS.filter((c) => (c.method === 'PATCH' || c.method === 'PUT') && !c.requestHeaders?.includes('if-match')).map((c) => c.operationId);

    expect(without).toEqual([]);
  });

  it('answers every list with items and nextCursor, and pages with limit and cursor when it can be long', () => {
    const lists = CONTRACTS.filter((c) => c.method === 'GET' && c.auth === 'jwt' && !c.path.endsWith('}') && !c.path.startsWith('/settings/') && !c.path.endsWith('/counts') && !c.path.endsWith('/stats'));
    const shapes = each((c) => {
      const schema = operationOf(c).responses['200']?.content?.['application/json']?.schema as { required?: string[] } | undefined;
      return schema?.required?.includes('items') && schema.required.includes('nextCursor') ? undefined : c.operationId;
    });
    const unpaged = lists.filter((c) => {
      const names = operationOf(c).parameters.map((p) => p.name);
      return !(names.includes('limit') && names.includes('cursor'));
    }).map((c) => c.operationId).sort();

    expect(lists.length).toBeGreaterThanOrEqual(9);
    expect(shapes.filter((id) => lists.some((c) => c.operationId === id))).toEqual([]);
    expect(unpaged).toEqual(['listMailboxes']);
  });

  it('spells enum values in lower snake_case, except field names for sorting and the documented kebab-case vocabularies', () => {
    const values = new Set<string>();
    const collect = (node: unknown, key = ''): void => {
      if (Array.isArray(node)) return node.forEach((n) => collect(n, key));
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'enum' && Array.isArray(v)) || k === 'const') [v].flat().forEach((x) => typeof x === 'string' && !x.includes('://') && values.add(x));
        else if (k !== 'example' && k !== 'examples') collect(v, k);
      }
    };
    collect(doc.paths);
    collect(doc.components.schemas);
    // Mail header names (the headers an exclusion reads) are spelled as mail spells them.
    const documented = new Set([...KEBAB_VOCABULARIES, ...Object.keys(RULE_HEADERS), 'createdAt', 'lastActivityAt', 'only-linkable', 'this-month']);

    const offending = [...values].filter((v) => !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(v) && !documented.has(v)).sort();

    expect(offending).toEqual([]);
  });
});
