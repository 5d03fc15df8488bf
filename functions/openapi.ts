import { httpHandler } from '../shared/http/http-handler.js';
import { openApiRoutes } from '../shared/http/routes/openapi-routes.js';

export const handler = httpHandler(...openApiRoutes);
