import { describe, expect, it } from 'vitest';
import { complaintWarnings } from '../../../../shared/domain/threads/complaint-warnings.js';

const contacts: Record<string, { complainedEmails?: { email: string }[] }> = {
  'jane@northwind.example': { complainedEmails: [{ email: 'jane@northwind.example' }] },
  'bob@northwind.example': {},
};
const lookup = { findContactByEmail: async (_space: string, email: string) => contacts[email] };

describe('complaintWarnings', () => {
  it('names each recipient who reported our mail as spam, once, whatever the case', async () => {
    const warnings = await complaintWarnings(lookup, 'sp', ['Jane@Northwind.example', 'bob@northwind.example', 'jane@northwind.example', 'new@x.example']);

    expect(warnings).toEqual([{ code: 'address_complained', address: 'jane@northwind.example', detail: expect.stringContaining('sent anyway') }]);
  });

  it('has nothing to say when nobody complained', async () => {
    expect(await complaintWarnings(lookup, 'sp', ['bob@northwind.example'])).toEqual([]);
  });
});
