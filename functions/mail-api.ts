import { httpHandler } from '../shared/http/http-handler.js';
import { deleteRoutes } from '../shared/http/routes/delete-routes.js';
import { inboxRoutes } from '../shared/http/routes/inbox-routes.js';
import { linkRoutes } from '../shared/http/routes/link-routes.js';
import { mailRoutes } from '../shared/http/routes/mail-routes.js';
import { replyRoutes } from '../shared/http/routes/reply-routes.js';
import { trailRoutes } from '../shared/http/routes/trail-routes.js';

/** The activity API: timelines of contacts and companies, the inbox, threads, replies, manual links, deletes, audit trails, messages and attachment downloads. */
export const handler = httpHandler(...mailRoutes, ...inboxRoutes, ...replyRoutes, ...linkRoutes, ...deleteRoutes, ...trailRoutes);
