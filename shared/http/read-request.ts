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

const lowerCaseKeys = (headers: Record<string, string | undefined> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), v]])));

/** Decodes and validates one request against its contract. */
export const readRequest = (contract: Contract, event: APIGatewayProxyEventV2) => {
  const headers = lowerCaseKeys(event.headers);
  const rawBody = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8').toString('utf8') : '';
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) throw new HttpProblemError('payload-too-large', `The limit is ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  if (contract.body && !contract.rawBody) {
    const type = headers['content-type'] ?? 'application/json';
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw new HttpProblemError('unsupported-media-type', `Got ${type}`);
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      throw new HttpProblemError('malformed-body', 'The body is not valid JSON');
    }
  }
  return {
    headers,
    rawBody,
    body: validate(contract.body && !contract.rawBody ? contract.body : undefined, body, 'body'),
    query: validate(contract.query, event.queryStringParameters ?? {}, 'query'),
    params: validate(contract.params, event.pathParameters ?? {}, 'path'),
  } as { headers: Record<string, string>; rawBody: string; body: never; query: never; params: never };
};
