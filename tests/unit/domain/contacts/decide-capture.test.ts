import { describe, expect, it } from 'vitest';
import { captureName } from '../../../../shared/domain/contacts/capture-name.js';
import { decideCapture, isRoleAddress, type CaptureMail } from '../../../../shared/domain/contacts/decide-capture.js';
import { contactCreationSchema } from '../../../../shared/domain/rules/mail-rules.js';

const OWN = 'sales@acme-supplies.example';
const OTHER_OWN = 'pat@acme-supplies.example';

/** A mail between us and one external person, shaped by the matrix's dimensions. */
function aMail(o: { direction: 'inbound' | 'outbound'; freeMail: boolean; role: boolean; automated: boolean; viaChosen: boolean }): CaptureMail {
  const person = `${o.role ? 'info' : 'jane.doe'}@${o.freeMail ? 'gmail.com' : 'northwind.example'}`;
  const ours = { address: o.viaChosen ? OWN : OTHER_OWN, name: 'Acme' };
  const them = { address: person, name: o.role ? 'Northwind Info' : 'Jane Doe' };
  return {
    direction: o.direction,
    from: [o.direction === 'inbound' ? them : ours], to: [o.direction === 'inbound' ? ours : them], cc: [],
    automated: o.automated, customers: [person], known: new Set(), linkable: true,
  };
}

const bools = [false, true];
const matrix = (['none', 'sent', 'sent_and_received'] as const).flatMap((policy) => (['inbound', 'outbound'] as const).flatMap((direction) =>
  bools.flatMap((freeMail) => bools.flatMap((role) => bools.flatMap((automated) => bools.flatMap((viaChosen) =>
    [{ policy, direction, freeMail, role, automated, viaChosen }]))))));

describe('decideCapture', () => {
  it.each(matrix)('follows the policy matrix: %j', (row) => {
    const settings = contactCreationSchema.parse({ policy: row.policy, receivingAddresses: [OWN] });
    const policyAllows = row.policy === 'sent_and_received' || (row.policy === 'sent' && row.direction === 'outbound');
    const creates = policyAllows && !row.role && !row.automated && row.viaChosen;

    const result = decideCapture(settings, aMail(row));

    expect(result.length).toBe(creates ? 1 : 0);
    if (creates) {
      expect(result[0]!.name).toBe('Jane Doe');
      expect(result[0]!.companyDomain).toBe(row.freeMail ? undefined : 'northwind.example');
    }
  });

  it('creates from any own address when no receiving address is chosen', () => {
    const settings = contactCreationSchema.parse({ policy: 'sent_and_received' });

    const result = decideCapture(settings, aMail({ direction: 'inbound', freeMail: false, role: false, automated: false, viaChosen: false }));

    expect(result.map((c) => c.address)).toEqual(['jane.doe@northwind.example']);
  });

  it('creates nobody already known, internal or staff, nor from mail a rule keeps unlinked', () => {
    const settings = contactCreationSchema.parse({ policy: 'sent' });
    const base: CaptureMail = {
      direction: 'outbound', from: [{ address: OWN, name: '' }], cc: [{ address: 'colleague@acme-supplies.example', name: 'Col' }],
      to: [{ address: 'Known@Northwind.example', name: 'Known' }, { address: 'new@northwind.example', name: 'New Person' }],
      automated: false, customers: ['known@northwind.example', 'new@northwind.example'], known: new Set(['known@northwind.example']), linkable: true,
    };

    expect(decideCapture(settings, base).map((c) => c.address)).toEqual(['new@northwind.example']);
    expect(decideCapture(settings, { ...base, linkable: false })).toEqual([]);
  });

  it.each(['noreply@x.example', 'no-reply@x.example', 'info@x.example', 'Support+eu@x.example', 'bounce-123@x.example', 'newsletter@x.example'])(
    'treats %s as a role address', (address) => { expect(isRoleAddress(address)).toBe(true); });

  it('treats a person as a person', () => { expect(isRoleAddress('jane.doe@x.example')).toBe(false); });
});

describe('captureName', () => {
  it.each([
    ['Jane Doe', 'jane@x.example', 'Jane Doe'],
    ['"Doe, Jane"', 'jane@x.example', 'Jane Doe'],
    ['JANE DOE', 'jane@x.example', 'Jane Doe'],
    ['', 'jane.doe+orders@x.example', 'Jane Doe'],
    ['jane.doe@x.example', 'jane.doe@x.example', 'Jane Doe'],
    ['', 'j_smith-jones@x.example', 'J Smith Jones'],
    ['Renée Müller-Lüdenscheidt', 'r@x.example', 'Renée Müller-Lüdenscheidt'],
  ])('reads %j <%s> as %j', (display, address, name) => {
    expect(captureName(display, address)).toBe(name);
  });
});
