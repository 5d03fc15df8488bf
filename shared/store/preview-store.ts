import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PREVIEW_LIMITS } from '../config/names.js';
import { NotFoundError } from '../domain/errors.js';
import type { PreviewRecord, PreviewRepo } from '../domain/threads/preview-job.js';
import type { TableRef } from './dynamo.js';
import { mailboxPreviewKey } from './keys.js';

const ENTITY = 'mailbox-preview';

/** Previews live in the mailbox's sync-state partition (deleting the mailbox removes them) and expire after a day. */
export const createPreviewStore = (t: TableRef): PreviewRepo => ({
  async putPreview(spaceId, record) {
    const expiresAt = Math.ceil(Date.parse(record.requestedAt) / 1000) + PREVIEW_LIMITS.keepHours * 3600;
    await t.client.send(new PutCommand({
      TableName: t.table, Item: { ...mailboxPreviewKey(spaceId, record.mailboxId, record.id), entity: ENTITY, v: 1, expiresAt, ...record },
    }));
  },
  async getPreview(spaceId, mailboxId, previewId) {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: mailboxPreviewKey(spaceId, mailboxId, previewId), ConsistentRead: true }));
    if (!out.Item) throw new NotFoundError('preview', previewId);
    const { pk: _pk, sk: _sk, entity: _e, v: _v, expiresAt: _x, ...record } = out.Item;
    return record as PreviewRecord;
  },
});
