import { httpHandler } from '../shared/http/http-handler.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { productRoutes } from '../shared/http/routes/product-routes.js';

/** The product catalog. */
export const handler = httpHandler(...recordingStaff(...productRoutes));
