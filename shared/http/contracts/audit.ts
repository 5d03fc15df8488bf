import { z } from 'zod';
import { contract } from '../contract.js';

/** `entity=contact:<id>`, or `entity=contact&id=<id>`. */
export const listAuditQuery = z.strictObject({
  entity: z.string().regex(/^(contact|company|product|order|settings|activity|opportunity|comment|merge-request)(:[A-Za-z0-9_-]{1,64})?$/, 'must be contact|company|product|order|settings|activity|opportunity|comment|merge-request, optionally :<id>'),
  id: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(4096).optional(),
});

export const listAuditOp = contract({
  operationId: 'listAudit', method: 'GET', path: '/audit', fn: 'settings-api', tag: 'settings',
  summary: 'Audit trail of one record, newest first', query: listAuditQuery,
});

export const audit = [listAuditOp];
