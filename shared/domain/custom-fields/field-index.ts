import { ValidationError } from '../errors.js';
import type { FieldSpec, FieldValues } from './field-definition.js';

/**
 * The filter index of custom fields. Each value of a filterable field becomes one entry, kept in
 * the field's own partition under `<encoded value>#<record id>`, so a filter reads exactly the
 * matching entries: its cost grows with the results, never with the Space. Encodings sort like
 * the values they stand for and never contain `#`.
 */
export interface IndexEntry {
  readonly fieldId: string;
  readonly enc: string;
}

/** A key condition on one field's partition: a prefix, or a range of encoded values. */
export type FieldCondition =
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'range'; readonly from?: string; readonly to?: string };

/** What a list request asks of one field (strings from the query). */
export interface FieldFilterInput {
  readonly eq?: string;
  readonly startsWith?: string;
  readonly min?: string;
  readonly max?: string;
}

/** 16 hex digits that sort as the number does (IEEE 754 bits, sign-flipped; -0 is 0). */
export function sortableNumber(n: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n === 0 ? 0 : n);
  const bytes = new Uint8Array(view.buffer);
  if (n < 0) bytes.forEach((b, i) => { bytes[i] = ~b & 0xff; });
  else bytes[0] = (bytes[0] ?? 0) ^ 0x80;
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Case- and width-insensitive text, with `%` and `#` escaped so prefixes stay prefixes. */
export const encodeText = (v: string): string =>
  v.normalize('NFKC').trim().toLowerCase().replace(/%/g, '%25').replace(/#/g, '%23');

/** The encoded index values of one stored value (several for a multi-select). */
export function indexValuesOf(spec: FieldSpec, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  switch (spec.type) {
    case 'text': return [encodeText(String(value))];
    case 'number': return [sortableNumber(Number(value))];
    case 'money': return [sortableNumber(Number((value as { amount: number }).amount))];
    case 'date': return [String(value)];
    case 'bool': return [value ? 'true' : 'false'];
    case 'single_select': return [encodeText(String(value))];
    case 'multi_select': return [...new Set((value as unknown[]).map((v) => encodeText(String(v))))];
  }
}

const entriesOf = (specs: readonly FieldSpec[], values: FieldValues): Map<string, IndexEntry> => {
  const out = new Map<string, IndexEntry>();
  for (const spec of specs) {
    if (!spec.filterable) continue;
    for (const enc of indexValuesOf(spec, values[spec.id])) out.set(`${spec.id}#${enc}`, { fieldId: spec.id, enc });
  }
  return out;
};

/** Entries to add and to remove when a record's values go from `before` to `after`. */
export function planFieldIndex(specs: readonly FieldSpec[], before: FieldValues, after: FieldValues): { puts: IndexEntry[]; deletes: IndexEntry[] } {
  const old = entriesOf(specs, before);
  const next = entriesOf(specs, after);
  return {
    puts: [...next].filter(([k]) => !old.has(k)).map(([, e]) => e),
    deletes: [...old].filter(([k]) => !next.has(k)).map(([, e]) => e),
  };
}

/** True when the record's current value of `spec` still has this index entry (index read check). */
export const holdsEntry = (spec: FieldSpec, values: FieldValues, enc: string): boolean =>
  indexValuesOf(spec, values[spec.id]).includes(enc);

const bad = (pointer: string, detail: string) => new ValidationError([{ pointer, detail }]);

function encodeBound(spec: FieldSpec, raw: string, pointer: string): string {
  if (spec.type === 'date') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) throw bad(pointer, 'must be a date (YYYY-MM-DD)');
    return raw;
  }
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw bad(pointer, 'must be a number');
  if (spec.type === 'money' && !Number.isInteger(n)) throw bad(pointer, `must be an amount in minor units of ${spec.currency}`);
  return sortableNumber(n);
}

function encodeEq(spec: FieldSpec, raw: string): string {
  switch (spec.type) {
    case 'bool':
      if (raw !== 'true' && raw !== 'false') throw bad('#/eq', 'must be true or false');
      return raw;
    case 'number': case 'money': case 'date': return encodeBound(spec, raw, '#/eq');
    default: return encodeText(raw);
  }
}

/**
 * Turns a list request's field filter into a key condition. Text and selects take `eq` (case-
 * insensitive; a multi-select matches records holding that option) and text also `startsWith`;
 * numbers, money (minor units) and dates take `eq` or an inclusive `min`/`max` range; bools `eq`.
 * @throws ValidationError when the field is not filterable or the operator does not fit its type.
 */
export function fieldConditionOf(spec: FieldSpec, input: FieldFilterInput): FieldCondition {
  if (!spec.filterable) throw bad('#/field', 'this field is not filterable (filterable is chosen when a field is defined)');
  const given = (['eq', 'startsWith', 'min', 'max'] as const).filter((k) => input[k] !== undefined);
  if (given.length === 0) throw bad('#/eq', 'give eq, startsWith, or min and/or max with field');
  const ranged = spec.type === 'number' || spec.type === 'money' || spec.type === 'date';
  if (input.eq !== undefined) {
    if (given.length > 1) throw bad(`#/${given.find((g) => g !== 'eq')}`, 'cannot be combined with eq');
    return { kind: 'prefix', prefix: `${encodeEq(spec, input.eq)}#` };
  }
  if (input.startsWith !== undefined) {
    if (spec.type !== 'text') throw bad('#/startsWith', 'only text fields take startsWith');
    if (given.length > 1) throw bad('#/startsWith', 'cannot be combined with min or max');
    if (encodeText(input.startsWith) === '') throw bad('#/startsWith', 'must contain a visible character');
    return { kind: 'prefix', prefix: encodeText(input.startsWith) };
  }
  if (!ranged) throw bad(`#/${given[0]}`, `a ${spec.type} field takes eq`);
  const from = input.min !== undefined ? encodeBound(spec, input.min, '#/min') : undefined;
  // `$` sorts right after `#`, so every entry of the upper bound itself is included.
  const to = input.max !== undefined ? `${encodeBound(spec, input.max, '#/max')}$` : undefined;
  if (from !== undefined && to !== undefined && from > to) throw bad('#/min', 'must not be above max');
  return { kind: 'range', ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}
