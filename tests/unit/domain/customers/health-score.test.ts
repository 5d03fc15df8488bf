import { describe, expect, it } from 'vitest';
import { applyCustomerEvent, emptyStats, type CustomerEvent, type CustomerStats } from '../../../../shared/domain/customers/customer-stats.js';
import {
  bandOf, coveragePart, healthScore, interactionPart, orderPart, paymentPart, penaltyPart,
} from '../../../../shared/domain/customers/health-score.js';

const NOW = '2030-06-30T12:00:00.000Z';
const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();
const fold = (...events: CustomerEvent[]): CustomerStats => events.reduce(applyCustomerEvent, emptyStats());
const times = (n: number, e: (i: number) => CustomerEvent) => Array.from({ length: n }, (_x, i) => e(i));

describe('interaction part (recency-weighted frequency)', () => {
  it('is full for four interactions today and halves for the same four a half-life (30 days) ago', () => {
    const today = fold(...times(4, () => ({ kind: 'interaction', at: NOW })));
    const monthAgo = fold(...times(4, () => ({ kind: 'interaction', at: daysAgo(30) })));

    expect(interactionPart(today, NOW)).toBe(1);
    expect(interactionPart(monthAgo, NOW)).toBeCloseTo(0.5, 5);
  });

  it('counts an interaction recorded out of order with its own age, and a removed one no more', () => {
    const inOrder = fold({ kind: 'interaction', at: daysAgo(60) }, { kind: 'interaction', at: daysAgo(1) });
    const outOfOrder = fold({ kind: 'interaction', at: daysAgo(1) }, { kind: 'interaction', at: daysAgo(60) });
    const removed = fold({ kind: 'interaction', at: daysAgo(1) }, { kind: 'interaction', at: daysAgo(60) }, { kind: 'interaction', at: daysAgo(60), delta: -1 });

    expect(interactionPart(outOfOrder, NOW)).toBeCloseTo(interactionPart(inOrder, NOW), 9);
    expect(interactionPart(removed, NOW)).toBeCloseTo(interactionPart(fold({ kind: 'interaction', at: daysAgo(1) }), NOW), 9);
  });
});

describe('order part (order activity)', () => {
  it('is full for two orders paid today, half for one, and 0 for none', () => {
    const paid = (at: string): CustomerEvent => ({ kind: 'order-paid', at, amount: 1000, currency: 'EUR', wasOpen: true });

    expect(orderPart(fold(paid(NOW), paid(NOW)), NOW)).toBe(1);
    expect(orderPart(fold(paid(NOW)), NOW)).toBeCloseTo(0.5, 5);
    expect(orderPart(fold(paid(daysAgo(90))), NOW)).toBeCloseTo(0.25, 5);
    expect(orderPart(emptyStats(), NOW)).toBe(0);
  });
});

describe('payment part (payment state)', () => {
  it('is neutral without orders and falls with expired, cancelled or refunded ones', () => {
    const paid: CustomerEvent = { kind: 'order-paid', at: NOW, amount: 500, currency: 'EUR', wasOpen: true };
    const lost: CustomerEvent = { kind: 'order-lost', at: NOW, wasOpen: true };

    expect(paymentPart(emptyStats(), NOW)).toBe(0.5);
    expect(paymentPart(fold(paid, paid, paid), NOW)).toBe(1);
    expect(paymentPart(fold(paid, lost), NOW)).toBeCloseTo(0.5, 5);
    expect(paymentPart(fold(paid, { kind: 'order-refunded', at: NOW }), NOW)).toBeCloseTo(0.5, 5);
    expect(paymentPart(fold(lost), NOW)).toBe(0);
  });
});

describe('coverage part (contact coverage)', () => {
  it('gives half for a decision maker and half for more than one contact', () => {
    const cover = (contacts: number, decisionMakers: number) => coveragePart(fold({ kind: 'coverage', at: NOW, contacts, decisionMakers }));

    expect(cover(0, 0)).toBe(0);
    expect(cover(1, 0)).toBe(0);
    expect(cover(1, 1)).toBe(0.5);
    expect(cover(3, 0)).toBe(0.5);
    expect(cover(3, 1)).toBe(1);
  });
});

describe('penalty part (bounces and complaints)', () => {
  it('deducts 5 points per recent bounce and 20 per complaint, at most 40, fading with a 90-day half-life', () => {
    const bounce: CustomerEvent = { kind: 'bounce', at: NOW };

    expect(penaltyPart(fold(bounce), NOW)).toBeCloseTo(5 / 40, 5);
    expect(penaltyPart(fold({ kind: 'complaint', at: NOW }), NOW)).toBeCloseTo(20 / 40, 5);
    expect(penaltyPart(fold(...times(20, () => bounce)), NOW)).toBe(1);
    expect(penaltyPart(fold({ kind: 'complaint', at: daysAgo(90) }), NOW)).toBeCloseTo(10 / 40, 5);
  });
});

describe('healthScore', () => {
  it('sums the parts with their weights and names them, so the score explains itself', () => {
    const stats = fold(
      ...times(4, () => ({ kind: 'interaction', at: NOW }) as const),
      { kind: 'order-paid', at: NOW, amount: 100, currency: 'EUR', wasOpen: false },
      { kind: 'coverage', at: NOW, contacts: 2, decisionMakers: 1 },
      { kind: 'bounce', at: NOW },
    );

    const h = healthScore('company', stats, NOW);

    expect(h.parts).toEqual([
      { part: 'interactions', weight: 40, value: 1, points: 40 },
      { part: 'orders', weight: 20, value: 0.5, points: 10 },
      { part: 'payments', weight: 10, value: 1, points: 10 },
      { part: 'coverage', weight: 30, value: 1, points: 30 },
      { part: 'penalties', weight: 40, value: 0.125, points: -5 },
    ]);
    expect(h).toMatchObject({ score: 85, band: 'healthy', computedAt: NOW });
  });

  it('scales a contact\'s weights to 100 without the coverage part', () => {
    const h = healthScore('contact', fold(...times(4, () => ({ kind: 'interaction', at: NOW }) as const)), NOW);

    expect(h.parts.map((p) => p.part)).toEqual(['interactions', 'orders', 'payments', 'penalties']);
    expect(h.parts.filter((p) => p.part !== 'penalties').reduce((s, p) => s + p.weight, 0)).toBeCloseTo(100, 5);
    expect(h.score).toBe(64); // 57.1 for interactions + 7.1 for the neutral payment state
  });

  it('never leaves 0..100 and bands at 70 and 40', () => {
    const awful = fold(...times(5, () => ({ kind: 'complaint', at: NOW }) as const));

    expect(healthScore('company', awful, NOW).score).toBe(0);
    expect([bandOf(100), bandOf(70), bandOf(69), bandOf(40), bandOf(39), bandOf(0)])
      .toEqual(['healthy', 'healthy', 'at_risk', 'at_risk', 'critical', 'critical']);
  });
});

describe('applyCustomerEvent (stat-card aggregates)', () => {
  it('keeps per-month interactions, paid orders with amounts per currency, open orders and the last contact', () => {
    const s = fold(
      { kind: 'interaction', at: '2030-05-31T23:00:00.000Z' },
      { kind: 'interaction', at: '2030-06-02T10:00:00.000Z' },
      { kind: 'order-opened', at: '2030-06-01T00:00:00.000Z' },
      { kind: 'order-opened', at: '2030-06-01T00:00:00.000Z' },
      { kind: 'order-paid', at: '2030-06-03T00:00:00.000Z', amount: 1250, currency: 'EUR', wasOpen: true },
      { kind: 'order-paid', at: '2030-06-04T00:00:00.000Z', amount: 990, currency: 'USD', wasOpen: false },
      { kind: 'interaction', at: '2030-06-01T10:00:00.000Z' },
    );

    expect(s.interactionsByMonth).toEqual({ '2030-05': 1, '2030-06': 2 });
    expect(s.paidByMonth['2030-06']).toEqual({ count: 2, amounts: { EUR: 1250, USD: 990 } });
    expect(s.openOrders).toBe(1);
    expect(s.lastContactAt).toBe('2030-06-02T10:00:00.000Z');
  });
});
