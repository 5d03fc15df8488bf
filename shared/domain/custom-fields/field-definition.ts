import type { CurrencyCode } from '../money/currencies.js';

export const FIELD_TYPES = ['text', 'number', 'date', 'single_select', 'multi_select', 'bool', 'money'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const FIELD_ENTITIES = ['contact', 'company'] as const;
export type FieldEntity = (typeof FIELD_ENTITIES)[number];

/** Bounds that keep a definition list in one small partition and index keys under 1 KB. */
export const FIELD_LIMITS = {
  activePerEntity: 100, filterablePerEntity: 25, options: 100, selected: 20,
  label: 100, description: 500, textMax: 1000, filterableTextMax: 200, key: 40,
} as const;

/** A choice of a select field; `key` is what records store, so it never changes once created. */
export interface FieldOption {
  readonly key: string;
  readonly label: string;
  /** Archived options stay readable on records but cannot be chosen again. */
  readonly archived?: boolean;
}

/**
 * A custom field a Space admin defined for contacts or companies. Records store values under `id`,
 * which never changes: renaming (`key`, `label`) and archiving leave every stored value in place.
 * `type`, `entity`, `filterable` and `currency` are fixed at creation, so no stored value or index
 * entry can go stale behind a definition.
 */
export interface FieldDefinition {
  readonly id: string;
  readonly spaceId: string;
  readonly entity: FieldEntity;
  /** Machine name, unique among the active fields of the entity; may be renamed. */
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  readonly type: FieldType;
  readonly filterable: boolean;
  /** Select fields. */
  readonly options?: readonly FieldOption[];
  /** Number fields. */
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Text fields: most characters (default 200). */
  readonly maxLength?: number;
  /** Money fields: every value is in this currency, in minor units. */
  readonly currency?: CurrencyCode;
  readonly status: 'active' | 'archived';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** A field as validation sees it: a Space definition, or one of the built-ins (no Space, no version). */
export type FieldSpec = Pick<FieldDefinition, 'id' | 'type' | 'status'> & Partial<FieldDefinition> & { readonly builtIn?: boolean };

/** Stored values of a record: field id → value. */
export type FieldValues = Readonly<Record<string, unknown>>;

export const FIELD_ID_PREFIX = 'cf_';
export const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

/** A new definition's id: stable for its lifetime, never a built-in name (those have no prefix). */
export const newFieldId = (ulid: string): string => `${FIELD_ID_PREFIX}${ulid.toLowerCase()}`;

/** The public shape of a definition. */
export function toFieldView(d: FieldDefinition) {
  const { spaceId: _s, ...rest } = d;
  return rest;
}
