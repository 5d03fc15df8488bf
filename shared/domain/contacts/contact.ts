import type { CapturedFrom } from './capture.js';
import type { CustomFields } from './custom-fields.js';
import type { MergeClaim } from './merge-ports.js';

export const CONTACT_STATUSES = ['active', 'potential', 'dormant', 'archived'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export const CONTACT_ROLES = ['decision_maker', 'influencer', 'technical', 'procurement'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** Input limits, shared by the HTTP schemas and the domain checks. */
export const CONTACT_LIMITS = { name: 200, emails: 10, phones: 10, phone: 40, tags: 50, tag: 50, notes: 10_000, level: 50 } as const;

/** A person at a customer. `emails[0]` is the primary address; all are normalized (lowercase, ASCII domain). */
export interface Contact {
  readonly id: string;
  readonly spaceId: string;
  readonly name: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly companyId?: string;
  /** Denormalized from the company at link time, for search. */
  readonly companyName?: string;
  readonly roles: readonly ContactRole[];
  readonly primaryContact: boolean;
  readonly level?: string;
  readonly tags: readonly string[];
  /** The staff user responsible for the contact (a user of the Space). */
  readonly ownerId?: string;
  readonly notes?: string;
  readonly customFields: CustomFields;
  readonly status: ContactStatus;
  /** The status to return to on restore. */
  readonly statusBeforeArchive?: ContactStatus;
  readonly mergedInto?: string;
  /** Set while a merge holds the contact; never shown. */
  readonly mergeClaim?: MergeClaim;
  readonly lastActivityAt?: string;
  /** Addresses a permanent bounce of our mail proved undeliverable. */
  readonly bouncedEmails?: readonly BouncedEmail[];
  /** Addresses whose owner reported our mail as spam: nothing is mailed to them automatically again. */
  readonly complainedEmails?: readonly ComplainedEmail[];
  /** The mail that created this contact under the Space's capture policy. */
  readonly capturedFrom?: CapturedFrom;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** One address of a contact that bounced permanently (5.x.x). */
export interface BouncedEmail {
  readonly email: string;
  readonly at: string;
  /** The RFC 3463 status, e.g. `5.1.1`. */
  readonly status: string;
  /** The stored id of the bounce mail that reported it; absent when SES reported it (no mail in the mailbox). */
  readonly messageId?: string;
  /** Who reported it: a bounce mail in the mailbox (`dsn`) or an SES notification (`ses`); absent on older marks (dsn). */
  readonly via?: 'dsn' | 'ses';
}

/** One address of a contact whose owner reported our mail as spam (an SES complaint). */
export interface ComplainedEmail {
  readonly email: string;
  readonly at: string;
  /** The complaint's feedback type (`abuse`, ...), when the mailbox provider gave one. */
  readonly feedbackType?: string;
}

/** Fields a caller may set on create or patch. */
export interface ContactFields {
  name: string;
  emails: string[];
  phones: string[];
  companyId?: string | null;
  roles: ContactRole[];
  primaryContact: boolean;
  level?: string | null;
  tags: string[];
  ownerId?: string | null;
  notes?: string | null;
  customFields: CustomFields;
  status: Exclude<ContactStatus, 'archived'>;
}

/** Fields compared for the audit trail and the patch diff. */
export const CONTACT_AUDITED: readonly (keyof Contact & string)[] = [
  'name', 'emails', 'phones', 'companyId', 'roles', 'primaryContact', 'level', 'tags', 'notes', 'customFields', 'status', 'ownerId',
];

/** Tags are compared case-insensitively and stored trimmed, lowercased (NFC) and deduplicated. */
export const normalizeTags = (tags: readonly string[]): string[] => [...new Set(tags.map((t) => t.trim().toLowerCase().normalize('NFC')).filter(Boolean))];

/** The public shape of a contact (internal bookkeeping fields left out). */
export function toContactView(c: Contact, suggestedCompanyId?: string) {
  const { statusBeforeArchive: _s, companyName: _n, spaceId: _sp, mergeClaim: _m, ...rest } = c;
  return { ...rest, primaryEmail: c.emails[0] ?? null, ...(suggestedCompanyId ? { suggestedCompanyId } : {}) };
}
export type ContactView = ReturnType<typeof toContactView>;
