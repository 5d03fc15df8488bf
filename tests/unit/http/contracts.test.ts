import { describe, expect, it } from 'vitest';
import { listContactsQuery } from '../../../shared/http/contracts/contacts.js';

describe('list contacts query', () => {
  it('takes createdSince=this_month, and the earlier this-month spelling as the same', () => {
    const snake = listContactsQuery.safeParse({ createdSince: 'this_month' });
    const kebab = listContactsQuery.safeParse({ createdSince: 'this-month' });

    expect(snake.data?.createdSince).toBe('this_month');
    expect(kebab.data?.createdSince).toBe('this_month');
  });
});
