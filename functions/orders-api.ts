import { httpHandler } from '../shared/http/http-handler.js';
import { orderRoutes } from '../shared/http/routes/order-routes.js';

/** Orders: draft from a message, confirm and pay by Stripe link, list, cancel and refund. */
export const handler = httpHandler(...orderRoutes);
