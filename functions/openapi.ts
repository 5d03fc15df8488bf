import { CONTRACTS } from '../shared/http/contracts/index.js';
import { getOpenApi } from '../shared/http/contracts/system.js';
import { httpHandler, implement } from '../shared/http/http-handler.js';
import { buildOpenApi, type OpenApiDocument } from '../shared/http/openapi.js';

let document: OpenApiDocument | undefined;

export const handler = httpHandler(
  implement(getOpenApi, async () => ({ body: (document ??= buildOpenApi(CONTRACTS)) })),
);
