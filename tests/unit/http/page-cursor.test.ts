import { describe, expect, it } from 'vitest';
import { cursorBinding, pageLimit } from '../../../shared/http/page-cursor.js';

const list = { operationId: 'listContacts' };
const auth = { spaceId: 'space-a' };

describe('cursorBinding', () => {
  it('binds the Space and the operation', () => {
    const binding = cursorBinding(list, { auth, query: {} });

    expect(binding).toMatchObject({ spaceId: 'space-a', route: 'listContacts' });
    expect(cursorBinding({ operationId: 'listCompanies' }, { auth, query: {} }).route).toBe('listCompanies');
  });

  it('gives the same filters the same digest whatever their order, page size or cursor', () => {
    const a = cursorBinding(list, { auth, query: { status: 'active', sort: 'name', limit: 10 } });
    const b = cursorBinding(list, { auth, query: { cursor: 'abc', sort: 'name', limit: 50, status: 'active', tag: undefined } });

    expect(b.filters).toBe(a.filters);
  });

  it('reads composed and decomposed accents in a filter as the same text', () => {
    const composed = cursorBinding(list, { auth, query: { q: 'Ren\u00e9' } });
    const decomposed = cursorBinding(list, { auth, query: { q: 'Rene\u0301' } });

    expect(decomposed.filters).toBe(composed.filters);
  });

  it.each([
    ['another sort', { sort: 'createdAt' }],
    ['another filter value', { status: 'archived' }],
    ['an added filter', { status: 'active', tag: 'vip' }],
    ['a search text', { status: 'active', q: 'jane' }],
  ])('gives %s another digest', (_what, query) => {
    const base = cursorBinding(list, { auth, query: { status: 'active' } });

    expect(cursorBinding(list, { auth, query }).filters).not.toBe(base.filters);
  });

  it('gives another owner in the path another digest', () => {
    const op = { operationId: 'getContactActivity' };

    const one = cursorBinding(op, { auth, query: {}, params: { id: 'c1' } });
    const two = cursorBinding(op, { auth, query: {}, params: { id: 'c2' } });

    expect(two.filters).not.toBe(one.filters);
  });

  it('does not let a filter pose as a path parameter', () => {
    const op = { operationId: 'getContactActivity' };

    const asParam = cursorBinding(op, { auth, query: {}, params: { id: 'c1' } });
    const asQuery = cursorBinding(op, { auth, query: { id: 'c1' } });

    expect(asQuery.filters).not.toBe(asParam.filters);
  });
});

describe('pageLimit', () => {
  it('defaults to 25 and clamps to 1..100', () => {
    expect([pageLimit(undefined), pageLimit(0), pageLimit(7), pageLimit(1e6)]).toEqual([25, 1, 7, 100]);
  });
});
