import { httpHandler } from '../shared/http/http-handler.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { companyRoutes } from '../shared/http/routes/company-routes.js';

/** Companies: list, create, read, change, archive, restore, merge. */
export const handler = httpHandler(...recordingStaff(...companyRoutes));
