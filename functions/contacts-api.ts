import { httpHandler } from '../shared/http/http-handler.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { contactRoutes } from '../shared/http/routes/contact-routes.js';

/** Contacts: list, create, read, change, archive, restore, merge. */
export const handler = httpHandler(...recordingStaff(...contactRoutes));
