import type { CustomFields } from '../contacts/custom-fields.js';
import type { MergeClaim } from '../contacts/merge-ports.js';

export const COMPANY_TIERS = ['normal', 'important', 'vip', 'key_account'] as const;
export type CompanyTier = (typeof COMPANY_TIERS)[number];
export const COMPANY_LIMITS = { name: 200, domains: 20, tags: 50, tag: 50, text: 100 } as const;

/** A customer organisation; each of its domains belongs to no other company of the Space. */
export interface Company {
  readonly id: string;
  readonly spaceId: string;
  readonly name: string;
  /** Normalized: lowercase ASCII, no scheme, www. or path. */
  readonly domains: readonly string[];
  readonly website?: string;
  readonly tier: CompanyTier;
  readonly size?: string;
  readonly region?: string;
  readonly type?: string;
  readonly tags: readonly string[];
  /** The staff user responsible for the account (a user of the Space). */
  readonly ownerId?: string;
  readonly customFields: CustomFields;
  readonly status: 'active' | 'archived';
  readonly mergedInto?: string;
  /** Set while a merge holds the company; never shown. */
  readonly mergeClaim?: MergeClaim;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export const COMPANY_AUDITED: readonly (keyof Company & string)[] = [
  'name', 'domains', 'website', 'tier', 'size', 'region', 'type', 'tags', 'customFields', 'status', 'ownerId',
];

/** The public shape of a company. */
export function toCompanyView(c: Company) {
  const { spaceId: _s, mergeClaim: _m, ...rest } = c;
  return rest;
}
