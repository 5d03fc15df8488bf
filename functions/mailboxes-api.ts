import { httpHandler } from '../shared/http/http-handler.js';
import { mailboxRoutes } from '../shared/http/routes/mailbox-routes.js';

/** Mailbox settings (admin): test, connect, change, disconnect, sync now, what was not imported; sync health (staff). */
export const handler = httpHandler(...mailboxRoutes);
