import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument } from '../../shared/http/openapi.js';

type Json = Record<string, unknown>;
type Operation = { operationId: string; responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: Json }> }> };

// ajv-formats is CommonJS with a default export; under NodeNext its namespace object is what we get.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/** A documented operation found for a request: its template and operation id. */
export interface MatchedOperation {
  readonly method: string;
  readonly template: string;
  readonly operationId: string;
}

/** What one real response looked like, as far as the contract cares. */
export interface ObservedResponse {
  readonly method: string;
  /** Path with query string, as requested. */
  readonly url: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  /** Parsed JSON, or the raw text when it was not JSON, or undefined when empty. */
  readonly body: unknown;
}

const HEADER_NAMES: Record<string, string> = { ETag: 'etag', Location: 'location', 'Retry-After': 'retry-after' };

/**
 * Checks real responses against the OpenAPI document: the operation is found by method and path
 * template, the status must be documented for it, and the body must validate against the schema
 * of that status and media type (ajv, JSON Schema 2020-12) with the documented headers present.
 */
export function createContractValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/')) as Json;
  const compiled = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: Json): ValidateFunction => {
    let fn = compiled.get(key);
    if (!fn) {
      const standalone = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/$defs/')) as Json;
      fn = ajv.compile({ ...standalone, $defs: defs });
      compiled.set(key, fn);
    }
    return fn;
  };
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  const templates = Object.keys(paths).map((template) => {
    const segments = template.split('/').filter(Boolean);
    return { template, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
  }).sort((a, b) => b.literals - a.literals);

  const match = (method: string, url: string): MatchedOperation | undefined => {
    const parts = new URL(url, 'http://x').pathname.split('/').filter(Boolean);
    for (const t of templates) {
      const op = paths[t.template]?.[method.toLowerCase()];
      if (!op || t.segments.length !== parts.length) continue;
      if (t.segments.every((s, i) => s.startsWith('{') || s === parts[i])) return { method: method.toUpperCase(), template: t.template, operationId: op.operationId };
    }
    return undefined;
  };

  /** The contract violations of one response; empty when it conforms. */
  const problemsOf = (r: ObservedResponse): string[] => {
    const found = match(r.method, r.url);
    if (!found) return [`${r.method} ${r.url} is not an operation of the document`];
    const response = paths[found.template]?.[found.method.toLowerCase()]?.responses[String(r.status)];
    const where = `${found.operationId} (${found.method} ${found.template}) answered ${r.status}`;
    if (!response) return [`${where}, which the document does not list for it`];
    const errors: string[] = [];
    for (const name of Object.keys(response.headers ?? {})) {
      const header = HEADER_NAMES[name] ?? name.toLowerCase();
      // Retry-After comes with our problem+json 429; API Gateway's own throttling answer has none.
      if (header === 'retry-after' && !r.contentType?.startsWith('application/problem+json')) continue;
      if (!r.headers.has(header)) errors.push(`${where} without the documented ${name} header`);
    }
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) {
      if (r.body !== undefined && r.body !== '') errors.push(`${where} with a body, but the document lists none`);
      return errors;
    }
    const mediaType = (r.contentType ?? '').split(';')[0]?.trim() ?? '';
    const media = content[mediaType];
    if (!media) return [...errors, `${where} with content-type ${mediaType || '(none)'}; documented: ${Object.keys(content).join(', ')}`];
    const validate = compile(`${found.operationId} ${r.status} ${mediaType}`, media.schema);
    if (!validate(r.body)) {
      const details = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
      errors.push(`${where} with a ${mediaType} body that breaks its schema: ${details.join('; ')}`);
    }
    return errors;
  };

  /** Validates any JSON value against a schema of the document (e.g. an example). */
  const validateValue = (schema: Json, value: unknown): string[] => {
    const validate = compile(JSON.stringify(schema), schema);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  };

  return { match, problemsOf, validateValue };
}

export type ContractValidator = ReturnType<typeof createContractValidator>;
