import { describe, expect, it } from 'vitest';
import { detectDirection } from '../../../../shared/domain/mail/detect-direction.js';

const own = ['sales@acme-supplies.example'];

describe('detectDirection', () => {
  it('calls customer mail in the inbox inbound', () => {
    expect(detectDirection({ from: [{ address: 'jane.doe@northwind.example', name: '' }], mailboxAddresses: own, folderRole: 'inbox' }))
      .toBe('inbound');
  });

  it('calls mail from an own address outbound in any folder, +tags included', () => {
    expect(detectDirection({ from: ['Sales+EU@Acme-Supplies.example'], mailboxAddresses: own, folderRole: 'inbox' })).toBe('outbound');
  });

  it('calls everything in the Sent folder outbound', () => {
    expect(detectDirection({ from: [], mailboxAddresses: own, folderRole: 'sent' })).toBe('outbound');
  });
});
