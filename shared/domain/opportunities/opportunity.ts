import type { CurrencyCode } from '../money/currencies.js';
import type { OrderLine } from '../orders/order.js';

/** Where a deal stands: any number of open stages, and at least one won and one lost stage. */
export type StageKind = 'open' | 'won' | 'lost';

export interface Stage {
  /** Stable id (kebab case): opportunities store it, so renaming a stage keeps their place. */
  readonly id: string;
  readonly name: string;
  readonly kind: StageKind;
}

/** The Space's pipeline: stages in display order; `version` 0 until an admin saves one. */
export interface StageConfig {
  readonly stages: readonly Stage[];
  readonly version: number;
}

export const DEFAULT_STAGES: readonly Stage[] = [
  { id: 'qualification', name: 'Qualification', kind: 'open' },
  { id: 'proposal', name: 'Proposal', kind: 'open' },
  { id: 'negotiation', name: 'Negotiation', kind: 'open' },
  { id: 'won', name: 'Won', kind: 'won' },
  { id: 'lost', name: 'Lost', kind: 'lost' },
];

export const OPPORTUNITY_LIMITS = { name: 200, contacts: 20, threads: 20, orders: 20, stages: 20, lines: 100 } as const;

/** Lines priced from the catalog like an order's, kept on the deal until it becomes an order. */
export interface Quotation {
  readonly lines: readonly OrderLine[];
  readonly currency: CurrencyCode;
  readonly total: number;
  readonly discountPct?: number;
  readonly at: string;
  readonly by: string;
}

/** A deal with one company. */
export interface Opportunity {
  readonly spaceId: string;
  readonly id: string;
  readonly name: string;
  readonly companyId: string;
  /** Minor units of `currency`; a quotation sets both. */
  readonly amount: number;
  readonly currency: CurrencyCode;
  readonly stageId: string;
  /** The stage's kind when it was set: what "active opportunities" reads. */
  readonly stageKind: StageKind;
  /** YYYY-MM-DD. */
  readonly expectedCloseDate?: string;
  readonly ownerId: string;
  /** From the contact link items (a merge repoints them). */
  readonly contactIds: readonly string[];
  readonly threadIds: readonly string[];
  readonly orderIds: readonly string[];
  readonly quotation?: Quotation;
  /** The order the quotation became. */
  readonly quotationOrderId?: string;
  readonly closedAt?: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export const OPPORTUNITY_AUDITED = [
  'name', 'companyId', 'amount', 'currency', 'stageId', 'expectedCloseDate', 'ownerId', 'contactIds', 'threadIds', 'orderIds', 'quotation', 'quotationOrderId',
] as const satisfies readonly (keyof Opportunity)[];

export const toOpportunityView = (o: Opportunity) => ({
  id: o.id, name: o.name, companyId: o.companyId, amount: o.amount, currency: o.currency, stageId: o.stageId, stageKind: o.stageKind,
  expectedCloseDate: o.expectedCloseDate ?? null, ownerId: o.ownerId, contactIds: o.contactIds, threadIds: o.threadIds, orderIds: o.orderIds,
  quotation: o.quotation ?? null, quotationOrderId: o.quotationOrderId ?? null, closedAt: o.closedAt ?? null,
  createdBy: o.createdBy, createdAt: o.createdAt, updatedAt: o.updatedAt, version: o.version,
});
