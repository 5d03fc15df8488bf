import { z } from 'zod';
import { routeKeyOf, type Contract } from './contract.js';
import { problems, PROBLEM_BASE } from './problem.js';

const schemaOf = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

const parametersOf = (c: Contract) => {
  const toParams = (schema: z.ZodType | undefined, where: 'query' | 'path') => {
    if (!schema) return [];
    const json = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, s]) => ({
      name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: s,
    }));
  };
  return [...toParams(c.params, 'path'), ...toParams(c.query, 'query')];
};

const problemResponse = { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export const buildOpenApi = (contracts: readonly Contract[], serverUrl?: string) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const c of contracts) {
    const operation = {
      operationId: c.operationId,
      summary: c.summary,
      tags: [c.tag],
      security: c.auth === 'jwt' ? [{ bearer: [] }] : [],
      'x-role': c.role,
      parameters: parametersOf(c),
      ...(c.body && !c.rawBody ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(c.body, 'input') } } } } : {}),
      responses: {
        [String(c.successStatus)]: {
          description: 'Success',
          ...(c.response ? { content: { 'application/json': { schema: schemaOf(c.response, 'output') } } } : {}),
        },
        '4XX': problemResponse,
        default: problemResponse,
      },
    };
    (paths[c.path] ??= {})[c.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Mailbridge CRM API', version: '1', description: 'Email-to-CRM: contacts, companies, mail, orders.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    'x-route-keys': contracts.map(routeKeyOf),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', enum: Object.keys(problems).map((code) => `${PROBLEM_BASE}/${code}`) },
            title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { in: { type: 'string' }, pointer: { type: 'string' }, detail: { type: 'string' } } } },
          },
        },
      },
    },
  };
};
