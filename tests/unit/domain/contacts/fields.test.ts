import { describe, expect, it } from 'vitest';
import { customFieldsSchema, mergeCustomFields } from '../../../../shared/domain/contacts/custom-fields.js';
import { emailSchema, isValidEmail } from '../../../../shared/domain/contacts/email-address.js';

describe('contact field rules', () => {
  it('accepts a discount between 0 and 100 and rejects 101 at its field', () => {
    expect(customFieldsSchema.safeParse({ wholesale_discount_pct: 100 }).success).toBe(true);
    const result = customFieldsSchema.safeParse({ wholesale_discount_pct: 101 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['wholesale_discount_pct']);
  });

  it('rejects unknown custom fields and wrong types', () => {
    expect(customFieldsSchema.safeParse({ shoe_size: 44 }).success).toBe(false);
    expect(customFieldsSchema.safeParse({ newsletter: 'yes' }).success).toBe(false);
  });

  it('removes a custom field patched to null and keeps the rest', () => {
    expect(mergeCustomFields({ vat_id: 'DE1', newsletter: true }, { vat_id: null, payment_terms_days: 30 })).toEqual({ newsletter: true, payment_terms_days: 30 });
  });

  it('normalizes an address to lowercase with an ASCII domain', () => {
    expect(emailSchema.parse(' Jörg@Bücher.DE ')).toBe('jörg@xn--bcher-kva.de');
  });

  it.each(['plain', 'a@b', '@x.com', 'a b@x.com', 'a@-x.com'])('rejects %j', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });
});
