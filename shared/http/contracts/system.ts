import { z } from 'zod';
import { contract } from '../contract.js';

export const getOpenApi = contract({
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  fn: 'openapi',
  summary: 'The OpenAPI 3.1 document of this API, generated from the validating schemas',
  tag: 'system',
  response: z.record(z.string(), z.unknown()),
});

export const system = [getOpenApi];
