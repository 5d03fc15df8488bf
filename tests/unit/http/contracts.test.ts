import { describe, expect, it } from 'vitest';
import { listAuditQuery } from '../../../shared/http/contracts/audit.js';
import { listContactsQuery } from '../../../shared/http/contracts/contacts.js';

describe('list contacts query', () => {
  it('takes createdSince=this_month, and the earlier this-month spelling as the same', () => {
    const snake = listContactsQuery.safeParse({ createdSince: 'this_month' });
    const kebab = listContactsQuery.safeParse({ createdSince: 'this-month' });

    expect(snake.data?.createdSince).toBe('this_month');
    expect(kebab.data?.createdSince).toBe('this_month');
  });
});

describe('audit query', () => {
  const ok = (query: Record<string, string>) => listAuditQuery.safeParse(query).success;
  const pathsOf = (query: Record<string, string>) => listAuditQuery.safeParse(query).error?.issues.map((i) => [i.path.join('/'), i.message]);

  it('validates the record id with the validator of its entity, like every other id', () => {
    expect(ok({ entity: 'contact:01JDQ3M6N8V4W2X5Y7Z9A1B3C5' })).toBe(true);
    expect(ok({ entity: 'order', id: 'ord_3e5f7a9c1b2d4f6e8a0c2e4f6a8b0d2c' })).toBe(true);
    expect(ok({ entity: 'settings:mail-rules' })).toBe(true);
    expect(pathsOf({ entity: 'contact:not-a-ulid' })).toEqual([['entity', 'is not a contact id']]);
    expect(pathsOf({ entity: 'product', id: 'ord_3e5f7a9c1b2d4f6e8a0c2e4f6a8b0d2c' })).toEqual([['id', 'is not a product id']]);
  });
});
