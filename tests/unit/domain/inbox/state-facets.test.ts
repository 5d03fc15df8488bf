import { describe, expect, it } from 'vitest';
import { deriveCounts, stateFacet, stateFacetsOf } from '../../../../shared/domain/inbox/state-facets.js';

const open = { status: 'open' as const, unread: true, contactIds: [], companyIds: [], lastDirection: 'inbound' as const };

describe('state facets', () => {
  it('folds status, read state, assignment, links and last direction into one facet', () => {
    expect(stateFacet(open)).toBe('state#open#unread#unassigned#unlinked#inbound');
    expect(stateFacet({ ...open, status: 'completed', unread: false, assigneeId: 'u1', companyIds: ['K1'], lastDirection: 'outbound' }))
      .toBe('state#completed#read#assigned#linked#outbound');
    expect(stateFacet({ ...open, lastDirection: undefined })).toBe('state#open#unread#unassigned#unlinked#inbound');
  });

  it('lets a filter read exactly the combinations it allows, and each thread sits in one of them', () => {
    const threads = [open, { ...open, unread: false }, { ...open, assigneeId: 'u1', contactIds: ['C1'] }, { ...open, status: 'completed' as const, lastDirection: 'outbound' as const }];

    expect(stateFacetsOf({})).toHaveLength(32);
    expect(new Set(stateFacetsOf({})).size).toBe(32);
    expect(stateFacetsOf({ unread: false, assigned: false, status: 'open', unlinked: true, direction: 'inbound' })).toEqual(['state#open#read#unassigned#unlinked#inbound']);
    expect(threads.filter((t) => stateFacetsOf({ unread: true }).includes(stateFacet(t)))).toEqual([threads[0], threads[2], threads[3]]);
    expect(threads.filter((t) => stateFacetsOf({ assigned: true, unlinked: false }).includes(stateFacet(t)))).toEqual([threads[2]]);
  });

  it('sums the state counters into the badges and adds counters kept under the badge names before', () => {
    const counts = deriveCounts(new Map([
      ['state#open#unread#unassigned#unlinked#inbound', 3], ['state#completed#read#assigned#linked#outbound', 2],
      ['all', 4], ['open', 4], ['mailbox#M1', 9],
    ]));

    expect(Object.fromEntries(counts)).toEqual({
      all: 9, open: 7, completed: 2, unread: 3, unassigned: 3, unlinked: 3, 'last#inbound': 3, 'last#outbound': 2, 'mailbox#M1': 9,
    });
  });
});
