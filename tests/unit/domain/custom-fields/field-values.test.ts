import { describe, expect, it } from 'vitest';
import { applyFieldPatch } from '../../../../shared/domain/custom-fields/field-values.js';
import type { FieldSpec } from '../../../../shared/domain/custom-fields/field-definition.js';
import { ValidationError } from '../../../../shared/domain/errors.js';
import { aField } from './field-builders.js';

const issuesOf = (specs: FieldSpec[], patch: Record<string, unknown>, current: Record<string, unknown> = {}) => {
  try {
    applyFieldPatch(specs, current, patch);
    return [];
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return err.errors.map((e) => e.pointer);
  }
};

const options = [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }, { key: 'bronze', label: 'Bronze', archived: true }];
const specs: FieldSpec[] = [
  aField({ id: 'cf_text', type: 'text', maxLength: 5 }),
  aField({ id: 'cf_num', type: 'number', min: 1, max: 10, integer: true }),
  aField({ id: 'cf_date', type: 'date' }),
  aField({ id: 'cf_one', type: 'single_select', options }),
  aField({ id: 'cf_many', type: 'multi_select', options }),
  aField({ id: 'cf_bool', type: 'bool' }),
  aField({ id: 'cf_money', type: 'money', currency: 'EUR' }),
  aField({ id: 'cf_gone', key: 'old_field', status: 'archived' }),
];

describe('custom field values', () => {
  it('accepts a valid value of every type and stores it under the field id', () => {
    const values = applyFieldPatch(specs, {}, {
      cf_text: ' Café ', cf_num: 7, cf_date: '2026-02-28', cf_one: 'gold', cf_many: ['gold', 'silver'], cf_bool: false,
      cf_money: { amount: 125_00, currency: 'EUR' },
    });

    expect(values).toEqual({
      cf_text: 'Café', cf_num: 7, cf_date: '2026-02-28', cf_one: 'gold', cf_many: ['gold', 'silver'], cf_bool: false,
      cf_money: { amount: 12500, currency: 'EUR' },
    });
  });

  it('names every value that breaks its definition', () => {
    const pointers = issuesOf(specs, {
      cf_text: 'too long', cf_num: 7.5, cf_date: '2026-02-30', cf_one: 'platinum', cf_many: ['gold', 'gold'], cf_bool: 'yes',
      cf_money: { amount: 1, currency: 'USD' },
    });

    expect(pointers).toEqual([
      '#/customFields/cf_text', '#/customFields/cf_num', '#/customFields/cf_date', '#/customFields/cf_one', '#/customFields/cf_many',
      '#/customFields/cf_bool', '#/customFields/cf_money/currency',
    ]);
  });

  it('refuses a newly chosen archived option but keeps one the record already holds', () => {
    expect(issuesOf(specs, { cf_one: 'bronze' })).toEqual(['#/customFields/cf_one']);
    expect(applyFieldPatch(specs, { cf_many: ['bronze', 'gold'] }, { cf_many: ['bronze'] })).toEqual({ cf_many: ['bronze'] });
  });

  it('refuses a value for an archived field but lets the user remove the stored one', () => {
    expect(issuesOf(specs, { cf_gone: 'x' })).toEqual(['#/customFields/cf_gone']);
    expect(applyFieldPatch(specs, { cf_gone: 'kept', cf_text: 'a' }, { cf_gone: null })).toEqual({ cf_text: 'a' });
  });

  it('keeps values of fields the patch does not name, archived ones included', () => {
    expect(applyFieldPatch(specs, { cf_gone: 'kept' }, { cf_bool: true })).toEqual({ cf_gone: 'kept', cf_bool: true });
  });

  it('points a caller who used a field key at the field id', () => {
    try {
      applyFieldPatch(specs, {}, { shoe_size: 'x' });
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).errors[0]?.detail).toContain('has id cf_text');
    }
  });
});
