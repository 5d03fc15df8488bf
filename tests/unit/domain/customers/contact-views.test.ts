import { describe, expect, it } from 'vitest';
import { applyCustomerEvent, emptyStats } from '../../../../shared/domain/customers/customer-stats.js';
import { contactView, primaryFacet } from '../../../../shared/domain/customers/customer-views.js';
import { checkOwner } from '../../../../shared/domain/customers/record-owner.js';
import { contactViewFilter } from '../../../../shared/domain/customers/view-filter.js';
import { ValidationError } from '../../../../shared/domain/errors.js';
import { aContact } from '../../../support/builders.js';

const jane = aContact({
  id: 'C1', status: 'active', tags: ['vip'], roles: ['decision_maker'], level: ' C-Level ', ownerId: 'u-sam',
  createdAt: '2026-03-04T10:00:00.000Z', companyId: 'K1',
});
const pointers = (fn: () => unknown) => {
  try { fn(); } catch (e) { return e instanceof ValidationError ? e.errors.map((x) => x.pointer) : ['not a validation error']; }
  return [];
};

describe('contact view', () => {
  it('lists a contact under its status, paid segment, creation month, company tier, tags, roles, level and owner', () => {
    expect(contactView(jane, { tier: 'key_account' }, undefined)).toEqual({
      facets: ['all', 'status#active', 'segment#potential', 'new#2026-03', 'tier#key_account', 'tag#vip', 'role#decision_maker', 'level#c-level', 'owner#u-sam'],
      day: '2026-03-04',
    });
  });

  it('takes the later of the linker\'s last mail and the last interaction as its day', () => {
    const stats = applyCustomerEvent(emptyStats('2026-03-04T10:00:00.000Z'), { kind: 'interaction', at: '2026-05-02T08:00:00.000Z' });

    expect(contactView({ ...jane, lastActivityAt: '2026-04-01T00:00:00.000Z' }, undefined, stats)?.day).toBe('2026-05-02');
    expect(contactView({ ...jane, lastActivityAt: '2026-06-01T00:00:00.000Z' }, undefined, stats)?.day).toBe('2026-06-01');
  });

  it('takes archived and merged contacts out of every facet', () => {
    expect(contactView({ ...jane, status: 'archived' }, undefined, undefined)).toBeUndefined();
    expect(contactView({ ...jane, mergedInto: 'C2' }, undefined, undefined)).toBeUndefined();
  });
});

describe('contact view filter', () => {
  const now = new Date('2026-06-15T12:00:00.000Z');

  it('turns the query into facets, reading the owner partition first', () => {
    const filter = contactViewFilter({ status: 'active', tier: 'key_account', tag: ' VIP ', role: 'technical', level: 'Lead', ownerId: 'u-sam', createdSince: 'this_month', dormantDays: 10 }, now);

    expect(filter).toEqual({
      facets: ['status#active', 'tier#key_account', 'tag#vip', 'role#technical', 'level#lead', 'owner#u-sam', 'new#2026-06'], activeBefore: '2026-06-05',
    });
    expect(primaryFacet(filter!)).toBe('owner#u-sam');
    expect(contactViewFilter({ sort: 'lastActivityAt' }, now)).toEqual({ facets: ['all'] });
  });

  it('leaves a name prefix, a company, the archived list and the creation order to their own indexes', () => {
    expect(contactViewFilter({ q: 'jan', tag: 'vip', status: 'potential' }, now)).toBeUndefined();
    expect(contactViewFilter({ companyId: 'K1', dormantDays: 30 }, now)).toBeUndefined();
    expect(contactViewFilter({ status: 'archived', tag: 'vip' }, now)).toBeUndefined();
    expect(contactViewFilter({ createdSince: '2026-01-01', sort: 'createdAt' }, now)).toBeUndefined();
    expect(contactViewFilter({}, now)).toBeUndefined();
  });

  it('refuses what no index answers, naming the fields', () => {
    expect(pointers(() => contactViewFilter({ q: 'jan', role: 'technical', ownerId: 'u' }, now))).toEqual(['#/role', '#/ownerId']);
    expect(pointers(() => contactViewFilter({ status: 'archived', tier: 'vip' }, now))).toEqual(['#/tier']);
    expect(pointers(() => contactViewFilter({ tag: 'vip', createdSince: '2026-01-01', sort: 'name' }, now))).toEqual(['#/createdSince', '#/sort']);
  });
});

describe('record owner', () => {
  const staff = { staffExist: async (_s: string, ids: readonly string[]) => ids.map((id) => id === 'u-sam') };

  it('accepts a staff user of the Space, a clear and no change, and refuses anyone else at ownerId', async () => {
    await expect(checkOwner(staff, 'S', 'u-sam')).resolves.toBeUndefined();
    await expect(checkOwner(staff, 'S', null)).resolves.toBeUndefined();
    await expect(checkOwner(staff, 'S', undefined)).resolves.toBeUndefined();
    await expect(checkOwner(staff, 'S', 'u-eve')).rejects.toMatchObject({ errors: [{ pointer: '#/ownerId' }] });
  });
});
