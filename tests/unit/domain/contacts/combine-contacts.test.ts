import { describe, expect, it } from 'vitest';
import { combineContacts } from '../../../../shared/domain/contacts/combine-contacts.js';
import { aContact } from '../../../support/builders.js';

describe('combineContacts', () => {
  it('unites addresses, tags and notes and lets the master win by default', () => {
    const master = aContact({ name: 'Ann', emails: ['a@x.example'], tags: ['a'], notes: 'one', customFields: { vat_id: 'M' } });
    const other = aContact({ name: 'Ann B', emails: ['b@x.example', 'a@x.example'], tags: ['b'], notes: 'two', customFields: { vat_id: 'O', newsletter: true } });

    const result = combineContacts(master, [other], {}, '2026-01-02T00:00:00.000Z');

    expect(result).toMatchObject({ name: 'Ann', emails: ['a@x.example', 'b@x.example'], tags: ['a', 'b'], notes: 'one\n\ntwo',
      customFields: { vat_id: 'M', newsletter: true }, version: master.version + 1 });
  });

  it('takes a picked field from the named record, and its primary address first', () => {
    const master = aContact({ name: 'Ann', emails: ['a@x.example'] });
    const other = aContact({ name: 'Ann Other', emails: ['b@x.example'], companyId: 'C1', companyName: 'Co' });

    const result = combineContacts(master, [other], { name: other, emails: other }, '2026-01-02T00:00:00.000Z');

    expect(result).toMatchObject({ name: 'Ann Other', emails: ['b@x.example', 'a@x.example'], companyId: 'C1', companyName: 'Co' });
  });
});
