import { httpHandler } from '../shared/http/http-handler.js';
import { mailboxOAuthRoutes } from '../shared/http/routes/mailbox-oauth-routes.js';
import { mailboxPreviewRoutes } from '../shared/http/routes/mailbox-preview-routes.js';
import { mailboxRoutes } from '../shared/http/routes/mailbox-routes.js';
import { mailboxSmtpRoutes } from '../shared/http/routes/mailbox-smtp-routes.js';

/** Mailbox settings (admin): test, connect (password or OAuth2), change, disconnect, sync now, what was not imported, first-import preview, SMTP server; sync health (staff). */
export const handler = httpHandler(...mailboxRoutes, ...mailboxOAuthRoutes, ...mailboxPreviewRoutes, ...mailboxSmtpRoutes);
