import { httpHandler } from '../shared/http/http-handler.js';
import { recordingStaff } from '../shared/http/record-staff.js';
import { captureRoutes } from '../shared/http/routes/capture-routes.js';
import { contactRoutes } from '../shared/http/routes/contact-routes.js';
import { smsRoutes } from '../shared/http/routes/sms-routes.js';

/** Contacts: list, create, read, change, archive, restore, merge, text by SMS; the review queue of contacts captured from mail. */
export const handler = httpHandler(...recordingStaff(...contactRoutes, ...captureRoutes, ...smsRoutes));
