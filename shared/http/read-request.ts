import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { ValidationError } from '../domain/errors.js';
import type { Contract } from './contract.js';
import { fieldIssuesOf, type RequestPart } from './field-issues.js';
import { HttpProblemError } from './problem.js';

/** API bodies are small JSON documents; mail and attachments never travel through the API. */
export const MAX_BODY_BYTES = 1_048_576;

const validate = (schema: z.ZodType | undefined, value: unknown, part: RequestPart): unknown => {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(fieldIssuesOf(result.error, part));
  return result.data;
};

const LONE_SURROGATE = /\p{Cs}/u;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes the body bytes; invalid UTF-8 is refused, never turned into U+FFFD and stored. */
function decodeBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  if (!event.isBase64Encoded) return event.body;
  try {
    return strictUtf8.decode(Buffer.from(event.body, 'base64'));
  } catch {
    throw new HttpProblemError('malformed-body', 'The body is not valid UTF-8');
  }
}

/**
 * JSON escapes can spell lone surrogates (`"\ud800"`), which no UTF-8 store can hold: DynamoDB
 * would keep U+FFFD instead. Points at the first string (or key) holding one.
 */
function illFormedPointer(value: unknown, pointer = '#'): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? pointer : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const here = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (LONE_SURROGATE.test(key)) return here;
    const found = illFormedPointer(child, here);
    if (found) return found;
  }
  return undefined;
}

const lowerCaseKeys = (headers: Record<string, string | undefined> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), v]])));

/** Decodes and validates one request against its contract. */
export const readRequest = (contract: Contract, event: APIGatewayProxyEventV2) => {
  const headers = lowerCaseKeys(event.headers);
  const json = !!contract.body && !contract.rawBody;
  const rawBody = json ? decodeBody(event) : event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8').toString('utf8') : '';
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) throw new HttpProblemError('payload-too-large', `The limit is ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  if (json) {
    const type = headers['content-type'] ?? 'application/json';
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw new HttpProblemError('unsupported-media-type', `Got ${type}`);
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      throw new HttpProblemError('malformed-body', 'The body is not valid JSON');
    }
    const pointer = illFormedPointer(body);
    const issue = { in: 'body' as const, pointer: pointer ?? '#', detail: 'contains a lone surrogate, which is not valid Unicode text' };
    if (pointer) throw new ValidationError([issue]);
  }
  return {
    headers,
    rawBody,
    body: validate(contract.body && !contract.rawBody ? contract.body : undefined, body, 'body'),
    query: validate(contract.query, event.queryStringParameters ?? {}, 'query'),
    params: validate(contract.params, event.pathParameters ?? {}, 'path'),
  } as { headers: Record<string, string>; rawBody: string; body: never; query: never; params: never };
};
