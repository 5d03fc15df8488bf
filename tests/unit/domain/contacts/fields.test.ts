import { describe, expect, it } from 'vitest';
import { BUILT_IN_FIELDS } from '../../../../shared/domain/contacts/custom-fields.js';
import { applyFieldPatch } from '../../../../shared/domain/custom-fields/field-values.js';
import { ValidationError } from '../../../../shared/domain/errors.js';
import { emailSchema, isValidEmail } from '../../../../shared/domain/contacts/email-address.js';

describe('contact field rules', () => {
  const pointersOf = (patch: Record<string, unknown>) => {
    try {
      applyFieldPatch(BUILT_IN_FIELDS, {}, patch);
      return [];
    } catch (err) {
      return (err as ValidationError).errors.map((e) => e.pointer);
    }
  };

  it('accepts a built-in discount between 0 and 100 and rejects 101 at its field', () => {
    expect(applyFieldPatch(BUILT_IN_FIELDS, {}, { wholesale_discount_pct: 100 })).toEqual({ wholesale_discount_pct: 100 });
    expect(pointersOf({ wholesale_discount_pct: 101 })).toEqual(['#/customFields/wholesale_discount_pct']);
  });

  it('rejects unknown custom fields and wrong types of built-ins', () => {
    expect(pointersOf({ shoe_size: 44, newsletter: 'yes' })).toEqual(['#/customFields/shoe_size', '#/customFields/newsletter']);
  });

  it('removes a custom field patched to null and keeps the rest', () => {
    expect(applyFieldPatch(BUILT_IN_FIELDS, { vat_id: 'DE1', newsletter: true }, { vat_id: null, payment_terms_days: 30 })).toEqual({ newsletter: true, payment_terms_days: 30 });
  });

  it('normalizes an address to lowercase with an ASCII domain', () => {
    expect(emailSchema.parse(' Jörg@Bücher.DE ')).toBe('jörg@xn--bcher-kva.de');
  });

  it.each(['plain', 'a@b', '@x.com', 'a b@x.com', 'a@-x.com'])('rejects %j', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });
});

describe('built-in custom fields', () => {
  it('describe the same bounds and types to clients as their value schemas enforce', () => {
    for (const f of BUILT_IN_FIELDS) {
      const ok = f.type === 'number' ? (f.max ?? 0) : f.type === 'bool' ? true : 'x'.repeat(f.maxLength ?? 1);
      const tooMuch = f.type === 'number' ? (f.max ?? 0) + 1 : f.type === 'bool' ? 'yes' : 'x'.repeat((f.maxLength ?? 1) + 1);

      expect(applyFieldPatch(BUILT_IN_FIELDS, {}, { [f.id]: ok })).toEqual({ [f.id]: ok });
      expect(() => applyFieldPatch(BUILT_IN_FIELDS, {}, { [f.id]: tooMuch }), f.id).toThrow(ValidationError);
      if (f.type === 'number') expect(() => applyFieldPatch(BUILT_IN_FIELDS, {}, { [f.id]: (f.min ?? 0) - 1 }), f.id).toThrow(ValidationError);
    }
  });
});
