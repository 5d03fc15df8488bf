import type { AuditEntry } from '../audit/audit-entry.js';
import type { FieldDefinition, FieldEntity } from './field-definition.js';
import type { FieldCondition, IndexEntry } from './field-index.js';

/** Persistence of a Space's field definitions; every write carries its audit row. */
export interface FieldDefinitionStore {
  /** Every definition of the Space for the entity, active and archived (a small, bounded list). */
  listDefinitions(spaceId: string, entity: FieldEntity): Promise<FieldDefinition[]>;
  getDefinition(spaceId: string, id: string): Promise<FieldDefinition | undefined>;
  /** Reserves the key and counts the field against the limits. @throws DuplicateFieldKeyError, FieldLimitError */
  createDefinition(def: FieldDefinition, audit: AuditEntry): Promise<void>;
  /**
   * Writes `after` if the stored version is still `before.version`; moves the key reservation and
   * the counts when the key or status changes.
   * @throws VersionMismatchError, DuplicateFieldKeyError, FieldLimitError, NotFoundError
   */
  saveDefinition(before: FieldDefinition, after: FieldDefinition, audit: AuditEntry): Promise<void>;
}

/** A page of index entries of one field, in value order. */
export interface FieldIndexPage {
  readonly entries: readonly (IndexEntry & { readonly recordId: string })[];
  readonly lastKey?: Record<string, unknown>;
}

/** The filter index entries of records (see field-index.ts). */
export interface FieldIndexStore {
  putEntries(spaceId: string, entity: FieldEntity, recordId: string, entries: readonly IndexEntry[]): Promise<void>;
  /**
   * Removes entries while the record is still at `version` (the write that made them stale); once a
   * later write moved it on, they are left alone, since that write may have put the same entries
   * back. A stale entry left behind is harmless: list reads check entries against the record.
   */
  deleteEntries(spaceId: string, entity: FieldEntity, recordId: string, entries: readonly IndexEntry[], version: number): Promise<void>;
}

/** What the contact and company use cases need for custom fields. */
export interface CustomFieldDeps {
  readonly definitions: Pick<FieldDefinitionStore, 'listDefinitions'>;
  readonly fieldIndex: FieldIndexStore;
}

export type { FieldCondition };
