import { describe, expect, it } from 'vitest';
import {
  encodeText, fieldConditionOf, holdsEntry, planFieldIndex, sortableNumber,
} from '../../../../shared/domain/custom-fields/field-index.js';
import { ValidationError } from '../../../../shared/domain/errors.js';
import { aField } from './field-builders.js';

describe('custom field index', () => {
  it('encodes numbers so that string order is numeric order', () => {
    const numbers = [-1e300, -1000.5, -2, -1, -0.001, 0, 0.001, 1, 2, 10, 1000.5, 1e300];

    const sorted = numbers.map(sortableNumber).slice().sort();

    expect(sorted).toEqual(numbers.map(sortableNumber));
    expect(sortableNumber(-0)).toBe(sortableNumber(0));
  });

  it('escapes # and % so an encoded value never spans the record separator', () => {
    expect(encodeText('A#1 50%')).toBe('a%231 50%25');
    expect(encodeText('ＡＢＣ')).toBe('abc');
  });

  it('plans entries only for filterable fields, adding new values and removing old ones', () => {
    const specs = [
      aField({ id: 'cf_tier', type: 'multi_select', filterable: true, options: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }] }),
      aField({ id: 'cf_note', type: 'text', filterable: false }),
    ];

    const plan = planFieldIndex(specs, { cf_tier: ['a'], cf_note: 'x' }, { cf_tier: ['b'], cf_note: 'y' });

    expect(plan).toEqual({ puts: [{ fieldId: 'cf_tier', enc: 'b' }], deletes: [{ fieldId: 'cf_tier', enc: 'a' }] });
  });

  it('recognises an entry the record no longer holds', () => {
    const spec = aField({ id: 'cf_n', type: 'number', filterable: true });

    expect(holdsEntry(spec, { cf_n: 5 }, sortableNumber(5))).toBe(true);
    expect(holdsEntry(spec, { cf_n: 6 }, sortableNumber(5))).toBe(false);
  });

  it('turns eq, startsWith and ranges into key conditions that fit each type', () => {
    const text = aField({ type: 'text', filterable: true });
    const num = aField({ type: 'number', filterable: true });
    const date = aField({ type: 'date', filterable: true });

    expect(fieldConditionOf(text, { eq: 'Gold' })).toEqual({ kind: 'prefix', prefix: 'gold#' });
    expect(fieldConditionOf(text, { startsWith: 'Go' })).toEqual({ kind: 'prefix', prefix: 'go' });
    expect(fieldConditionOf(num, { min: '1', max: '5' })).toEqual({ kind: 'range', from: sortableNumber(1), to: `${sortableNumber(5)}$` });
    expect(fieldConditionOf(date, { min: '2026-01-01' })).toEqual({ kind: 'range', from: '2026-01-01' });
  });

  it.each([
    ['a field that is not filterable', aField({ type: 'text' }), { eq: 'x' }, '#/field'],
    ['startsWith on a number', aField({ type: 'number', filterable: true }), { startsWith: '1' }, '#/startsWith'],
    ['a range on a bool', aField({ type: 'bool', filterable: true }), { min: '1' }, '#/min'],
    ['a bool that is not true or false', aField({ type: 'bool', filterable: true }), { eq: 'yes' }, '#/eq'],
    ['min above max', aField({ type: 'number', filterable: true }), { min: '5', max: '1' }, '#/min'],
    ['a fractional money bound', aField({ type: 'money', currency: 'EUR', filterable: true }), { min: '1.5' }, '#/min'],
    ['no operator at all', aField({ type: 'text', filterable: true }), {}, '#/eq'],
  ])('refuses %s', (_name, spec, input, pointer) => {
    try {
      fieldConditionOf(spec, input);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).errors[0]?.pointer).toBe(pointer);
    }
  });
});
