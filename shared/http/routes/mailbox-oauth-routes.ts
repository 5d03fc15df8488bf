import { completeMailboxAuthorization, startMailboxAuthorization } from '../../domain/mailbox/authorize-mailbox.js';
import { mailboxOAuthCallbackOp, startMailboxOAuthOp } from '../contracts/mailbox-oauth.js';
import { implement, type Operation } from '../http-handler.js';
import { connectedPage } from '../oauth-page.js';
import { authorizeDeps } from '../../deps/mailbox-deps.js';

/** OAuth2 mailboxes: start (admin) and the provider's callback (no bearer token; the state authenticates it). */
export const mailboxOAuthRoutes: Operation[] = [
  implement(startMailboxOAuthOp, async ({ auth, body }) =>
    ({ body: await startMailboxAuthorization(await authorizeDeps(), { spaceId: auth.spaceId, userId: auth.userId, ...body }) })),
  implement(mailboxOAuthCallbackOp, async ({ query, requestId }) => {
    // The provider's error code is echoed in the problem: only a plain OAuth error word passes.
    const error = query.error === undefined ? undefined : /^[a-z_]{1,64}$/.test(query.error) ? query.error : 'unknown';
    const record = await completeMailboxAuthorization(await authorizeDeps(), {
      state: query.state, correlationId: requestId, ...(query.code !== undefined ? { code: query.code } : {}), ...(error !== undefined ? { error } : {}),
    });
    return { text: connectedPage(record.username), headers: { 'content-type': 'text/html; charset=utf-8', 'referrer-policy': 'no-referrer' } };
  }),
];
