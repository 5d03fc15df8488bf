import { requestPreview } from '../../domain/threads/preview-job.js';
import { getMailboxPreviewOp, previewMailboxOp } from '../contracts/mailbox-preview.js';
import { implement, type Operation } from '../http-handler.js';
import { previewDeps } from '../../deps/mailbox-deps.js';

/** First-import preview (admin): ask for one (the sync function runs it), then read its answer. */
export const mailboxPreviewRoutes: Operation[] = [
  implement(previewMailboxOp, async ({ auth, params, body, requestId }) => ({
    status: 202,
    body: await requestPreview(await previewDeps(), { spaceId: auth.spaceId, mailboxId: params.id, correlationId: requestId, ...(body.historyDays !== undefined ? { historyDays: body.historyDays } : {}) }),
  })),
  implement(getMailboxPreviewOp, async ({ auth, params }) =>
    ({ body: await (await previewDeps()).previews.getPreview(auth.spaceId, params.id, params.previewId) })),
];
