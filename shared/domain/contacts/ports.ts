import type { AuditEntry } from '../audit/audit-entry.js';
import type { FieldSpec } from '../custom-fields/field-definition.js';
import type { FieldCondition } from '../custom-fields/field-index.js';
import type { Contact, ContactStatus } from './contact.js';

export type ContactSort = 'name' | 'createdAt' | 'lastActivityAt';

/** A contact list request; `q` is already normalized. */
export interface ContactListQuery {
  readonly q?: string;
  readonly status?: ContactStatus;
  readonly tag?: string;
  readonly companyId?: string;
  /** createdAt >= this ISO instant. */
  readonly createdSince?: string;
  /** Dormant filter: last activity (or creation) before this ISO instant. */
  readonly inactiveSince?: string;
  /** Custom-field filter: reads the field's index (see shared/domain/custom-fields/field-index.ts). */
  readonly field?: { readonly spec: FieldSpec; readonly condition: FieldCondition };
  readonly sort: ContactSort;
  readonly limit: number;
  readonly startKey?: Record<string, unknown>;
}

export interface ContactPage {
  readonly items: Contact[];
  readonly lastKey?: Record<string, unknown>;
}

/** Persistence of contacts; every write carries its audit row into the same transaction. */
export interface ContactStore {
  getContact(spaceId: string, id: string): Promise<Contact | undefined>;
  findContactByEmail(spaceId: string, email: string): Promise<Contact | undefined>;
  /** @throws DuplicateEmailError when an address is taken. */
  createContact(contact: Contact, audit: AuditEntry): Promise<void>;
  /**
   * Writes `after` if the stored version is still `before.version`; moves email reservations.
   * @throws VersionMismatchError, DuplicateEmailError, NotFoundError
   */
  saveContact(before: Contact, after: Contact, audits: readonly AuditEntry[]): Promise<void>;
  listContacts(spaceId: string, query: ContactListQuery): Promise<ContactPage>;
  touchContactActivity(spaceId: string, contactId: string, at: string): Promise<void>;
}
