import * as z from 'zod';

/**
 * One validator per entity id, used wherever that id appears (path, query, body), so a malformed
 * id is always the same 400 `validation-failed` naming the field. Contacts, companies, products
 * and mailboxes have ULIDs; messages and threads 32 hex characters derived from the mail; orders
 * `ord_` and 32 hex characters derived from Space, message and Idempotency-Key.
 */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const HEX32 = /^[0-9a-f]{32}$/;
const ulidOf = (entity: string) => z.string().regex(ULID, `is not a ${entity} id`).meta({ description: `${entity} id (ULID)`, examples: ['01JDQ3M6N8V4W2X5Y7Z9A1B3C5'] });
export const contactId = ulidOf('contact');
export const companyId = ulidOf('company');
export const productId = ulidOf('product');
export const mailboxId = ulidOf('mailbox');
export const messageId = z.string().regex(HEX32, 'is not a message id').meta({ description: 'message id (32 hex characters)', examples: ['9f2c4e1a7b3d5f608192a3b4c5d6e7f8'] });
export const threadId = z.string().regex(HEX32, 'is not a thread id').meta({ description: 'thread id (32 hex characters)', examples: ['4b1d9e7c2a8f6e3d0c5b4a3928171605'] });
export const orderId = z.string().regex(/^ord_[0-9a-f]{32}$/, 'is not an order id').meta({ description: 'order id', examples: ['ord_3e5f7a9c1b2d4f6e8a0c2e4f6a8b0d2c'] });

/** Path parameters `{id}` for one entity. */
/** A staff user id (the identity provider's subject); an owner must be a user of the Space. */
export const staffUserId = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'is not a user id').meta({ description: 'staff user id' });
export const idParamsOf = (id: z.ZodString) => z.strictObject({ id });

/** Largest page; a bigger `limit` is clamped to it (documented in docs/api.md), never refused. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 25;

/** The paging query fields of every list. */
export const pageFields = {
  limit: z.coerce.number().int().min(1).optional()
    .meta({ description: `Page size, ${DEFAULT_PAGE} by default; a value above ${MAX_PAGE} is treated as ${MAX_PAGE}` }),
  cursor: z.string().max(4096).optional()
    .meta({ description: 'The `nextCursor` of the previous page of the same query, as returned' }),
};

/** `{ items, nextCursor }`: every list has this shape; `nextCursor` is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({
  items: z.array(item),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
});

export const isoTime = z.string().meta({ format: 'date-time', description: 'ISO 8601 UTC time' });
export const ETAG_NOTE = 'The ETag header carries the version; send it back as If-Match to change the record.';
