import * as z from 'zod';
import { contract } from '../contract.js';

const openApiDocument = z.looseObject({
  openapi: z.string().regex(/^3\.1\./),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
}).meta({ id: 'OpenApiDocument', description: 'An OpenAPI 3.1 document' });

export const getOpenApi = contract({
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  fn: 'openapi',
  summary: 'The OpenAPI 3.1 document of this API, generated from the validating schemas',
  description: 'Readable without a token. The typed client in shared/client/ is generated from it (`npm run client`).',
  tag: 'system',
  auth: 'none',
  publicBecause: 'The API description is public documentation; it holds no data and the function reads nothing but its own bundle.',
  responses: { 200: { description: 'This document', body: openApiDocument, example: { openapi: '3.1.0', info: { title: 'Mailbridge CRM API', version: '1' }, paths: {} } } },
});

export const system = [getOpenApi];
