import * as z from 'zod';
import type { Contract } from './contract.js';
import { commonComponents, HEADER_PARAMETERS, responsesOf } from './openapi-responses.js';

type JsonSchema = Record<string, unknown>;

/**
 * Converts zod schemas and hoists every schema with a `meta({ id })` into components/schemas, so
 * views such as `Contact` appear once and are referenced everywhere (and get names in the client).
 */
function createSchemaConverter() {
  const components: Record<string, JsonSchema> = {};
  const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
    const { $schema: _s, $defs, ...rest } = json;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const hoisted = relink(def);
      const known = components[name];
      if (known && JSON.stringify(known) !== JSON.stringify(hoisted)) throw new Error(`Two different schemas are named ${name}`);
      components[name] = hoisted;
    }
    return relink(rest);
  };
  return { schemaOf, components };
}

const relink = (json: JsonSchema): JsonSchema =>
  JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;

const parametersOf = (c: Contract, schemaOf: ReturnType<typeof createSchemaConverter>['schemaOf']) => {
  const toParams = (schema: z.ZodType | undefined, where: 'query' | 'path') => {
    if (!schema) return [];
    const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, s]) => ({
      name, in: where, required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof s.description === 'string' ? { description: s.description } : {}), schema: s,
    }));
  };
  const headers = (c.requestHeaders ?? []).map((h) => ({ $ref: `#/components/parameters/${HEADER_PARAMETERS[h]}` }));
  return [...toParams(c.params, 'path'), ...toParams(c.query, 'query'), ...headers];
};

const ROLE_NOTE = 'Bearer JWT from the identity provider; the Space comes from its claims only. Scopes name the lowest role an ' +
  'operation needs (OpenAPI 3.1 allows role names for non-OAuth schemes): `staff` operations accept staff and admin tokens, `admin` ones admin tokens only (403 otherwise).';

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export const buildOpenApi = (contracts: readonly Contract[], serverUrl?: string) => {
  const { schemaOf, components } = createSchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const c of contracts) {
    const operation = {
      operationId: c.operationId,
      summary: c.summary,
      ...(c.description ? { description: c.description } : {}),
      tags: [c.tag],
      security: c.auth === 'jwt' ? [{ bearer: [c.role] }] : [],
      parameters: parametersOf(c, schemaOf),
      ...(c.body ? {
        requestBody: {
          required: true,
          ...(c.rawBody ? { description: 'Verified as the exact bytes sent, then parsed' } : {}),
          content: { 'application/json': { schema: schemaOf(c.body, 'input'), ...(c.requestExample !== undefined ? { example: c.requestExample } : {}) } },
        },
      } : {}),
      responses: responsesOf(c, schemaOf),
    };
    (paths[c.path] ??= {})[c.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mailbridge CRM API', version: '1',
      description: 'Email-to-CRM: contacts, companies, mail, orders. Conventions (ids, lists, DELETE, If-Match, enums) are in docs/api.md.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [...new Set(contracts.map((c) => c.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: ROLE_NOTE } },
      schemas: { ...commonComponents.schemas, ...components },
      headers: commonComponents.headers,
      parameters: commonComponents.parameters,
    },
  };
};

export type OpenApiDocument = ReturnType<typeof buildOpenApi>;
