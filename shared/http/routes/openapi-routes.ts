import { once } from '../../config/config.js';
import { CONTRACTS } from '../contracts/index.js';
import { getOpenApi } from '../contracts/system.js';
import { implement, type Operation } from '../http-handler.js';
import { buildOpenApi } from '../openapi.js';

const document = once(() => buildOpenApi(CONTRACTS));

/** The OpenAPI document of every contract, built once per container. */
export const openApiRoutes: Operation[] = [implement(getOpenApi, async () => ({ body: document() }))];
