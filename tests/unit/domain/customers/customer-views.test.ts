import { describe, expect, it } from 'vitest';
import type { Company } from '../../../../shared/domain/companies/company.js';
import { applyCustomerEvent, combineStats, emptyStats } from '../../../../shared/domain/customers/customer-stats.js';
import { companyView, dormantCutoff, primaryFacet, viewMatches, viewMoved } from '../../../../shared/domain/customers/customer-views.js';
import { companyViewFilter } from '../../../../shared/domain/customers/view-filter.js';
import { ValidationError } from '../../../../shared/domain/errors.js';

const aCompany = (over: Partial<Company> = {}): Company => ({
  id: 'K1', spaceId: 's', name: 'Northwind', domains: [], tier: 'key_account', tags: ['vip', 'retail'], customFields: {},
  status: 'active', createdAt: '2026-03-04T10:00:00.000Z', updatedAt: '2026-03-04T10:00:00.000Z', version: 1, ...over,
});
const called = (at: string) => applyCustomerEvent(emptyStats(at), { kind: 'interaction', at });

describe('customer views', () => {
  it('lists a company under its tier, tags, segment and creation month, by its creation day before any activity', () => {
    expect(companyView(aCompany(), undefined)).toEqual({
      facets: ['all', 'tier#key_account', 'segment#potential', 'new#2026-03', 'tag#vip', 'tag#retail'], day: '2026-03-04',
    });
  });

  it('moves a company to its last activity day and to active once it paid an order', () => {
    const stats = applyCustomerEvent(called('2026-05-01T08:00:00.000Z'), { kind: 'order-paid', at: '2026-05-02T08:00:00.000Z', amount: 100, currency: 'eur', wasOpen: true });

    const view = companyView(aCompany(), stats);

    expect(view?.day).toBe('2026-05-01');
    expect(view?.facets).toContain('segment#active');
    expect(stats.firstPaidAt).toBe('2026-05-02T08:00:00.000Z');
  });

  it('takes archived and merged records out of every facet', () => {
    expect(companyView(aCompany({ status: 'archived' }), undefined)).toBeUndefined();
    expect(companyView(aCompany({ mergedInto: 'K2' }), undefined)).toBeUndefined();
  });

  it('reads the most selective facet and checks the others on the record', () => {
    const filter = { facets: ['segment#active', 'tier#key_account', 'tag#vip'] };

    expect(primaryFacet(filter)).toBe('tag#vip');
    expect(primaryFacet({ facets: [] })).toBe('all');
    expect(viewMatches({ facets: ['all', 'tag#vip', 'tier#key_account'], day: '2026-01-01' }, filter)).toBe(false);
    expect(viewMatches({ facets: ['all', 'tag#vip', 'tier#key_account', 'segment#active'], day: '2026-01-01' }, filter)).toBe(true);
  });

  it('counts a customer dormant when its last activity day is before the cutoff', () => {
    const cutoff = dormantCutoff(new Date('2026-06-30T12:00:00.000Z'), 30);

    expect(cutoff).toBe('2026-05-31');
    expect(viewMatches({ facets: ['all'], day: '2026-05-30' }, { facets: ['all'], activeBefore: cutoff })).toBe(true);
    expect(viewMatches({ facets: ['all'], day: '2026-05-31' }, { facets: ['all'], activeBefore: cutoff })).toBe(false);
  });

  it('moves a customer in the views at most once a day of activity, and on its first paid order', () => {
    const morning = called('2026-05-01T08:00:00.000Z');
    const evening = applyCustomerEvent(morning, { kind: 'interaction', at: '2026-05-01T20:00:00.000Z' });
    const nextDay = applyCustomerEvent(evening, { kind: 'interaction', at: '2026-05-02T07:00:00.000Z' });
    const paid = applyCustomerEvent(nextDay, { kind: 'order-paid', at: '2026-05-02T09:00:00.000Z', amount: 5, currency: 'eur', wasOpen: false });
    const paidAgain = applyCustomerEvent(paid, { kind: 'order-paid', at: '2026-05-02T10:00:00.000Z', amount: 5, currency: 'eur', wasOpen: false });

    expect([viewMoved(undefined, morning), viewMoved(morning, evening), viewMoved(evening, nextDay), viewMoved(nextDay, paid), viewMoved(paid, paidAgain)])
      .toEqual([true, false, true, true, false]);
  });
});

describe('company view filter', () => {
  const now = new Date('2026-06-15T12:00:00.000Z');

  it('turns the query into facets and a dormant cutoff', () => {
    expect(companyViewFilter({ tier: 'key_account', tag: ' VIP ', createdSince: 'this_month', segment: 'active', dormantDays: 10 }, now))
      .toEqual({ facets: ['segment#active', 'tier#key_account', 'tag#vip', 'new#2026-06'], activeBefore: '2026-06-05' });
    expect(companyViewFilter({ sort: 'lastActivityAt' }, now)).toEqual({ facets: ['all'] });
    expect(companyViewFilter({ q: 'north' }, now)).toBeUndefined();
  });

  it('refuses a view filter with a name prefix, the archived list or sort=name, naming the fields', () => {
    let error: unknown;
    try { companyViewFilter({ tier: 'vip', q: 'north', status: 'archived', sort: 'name' }, now); } catch (e) { error = e; }

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.pointer)).toEqual(['#/q', '#/status', '#/sort']);
  });
});

describe('combined aggregates of a merge', () => {
  it('sums counts and money per month and currency, keeps the latest contact and the first payment, and adds decayed values at the later time', () => {
    const a = applyCustomerEvent(called('2026-05-01T08:00:00.000Z'), { kind: 'order-paid', at: '2026-05-03T08:00:00.000Z', amount: 100, currency: 'EUR', wasOpen: false });
    const b = applyCustomerEvent(applyCustomerEvent(called('2026-05-31T08:00:00.000Z'), { kind: 'order-paid', at: '2026-04-03T08:00:00.000Z', amount: 50, currency: 'EUR', wasOpen: false }),
      { kind: 'order-paid', at: '2026-05-04T08:00:00.000Z', amount: 7, currency: 'USD', wasOpen: false });

    const c = combineStats(a, b);

    expect(c.interactionsByMonth).toEqual({ '2026-05': 2 });
    expect(c.paidByMonth).toEqual({ '2026-05': { count: 2, amounts: { EUR: 100, USD: 7 } }, '2026-04': { count: 1, amounts: { EUR: 50 } } });
    expect(c.lastContactAt).toBe('2026-05-31T08:00:00.000Z');
    expect(c.firstPaidAt).toBe('2026-04-03T08:00:00.000Z');
    expect(c.interactions.at).toBe('2026-05-31T08:00:00.000Z');
    expect(c.interactions.value).toBeCloseTo(1 + 0.5, 2);
  });
});
