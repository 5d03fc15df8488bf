import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMime } from '../../../../shared/adapters/mime/mailparser-mime.js';
import { classifyAutomated } from '../../../../shared/domain/mail/classify-automated.js';

const DIR = join(import.meta.dirname, '../../../fixtures/mail/bounces');
const verdictOf = async (file: string) => classifyAutomated((await parseMime(readFileSync(join(DIR, file)), {})).mail);

describe('bounce corpus', () => {
  it.each([
    ['postfix-5.1.1.eml', { status: '5.1.1', permanent: true, recipient: 'gone@northwind.example', originalMessageId: 'sent-postfix@acme-supplies.example' }],
    ['exim-5.1.1.eml', { status: '5.1.1', permanent: true, recipient: 'left@contoso.example', originalMessageId: 'sent-exim@acme-supplies.example' }],
    ['gmail-5.1.1.eml', { status: '5.1.1', permanent: true, recipient: 'nobody@fabrikam.example', originalMessageId: 'sent-gmail@mail.gmail.com' }],
    ['m365-5.1.10.eml', { status: '5.1.10', permanent: true, recipient: 'moved@tailspin.example', originalMessageId: 'sent-m365@acme-supplies.example' }],
    ['postfix-4.2.2.eml', { status: '4.2.2', permanent: false, recipient: 'full@northwind.example', originalMessageId: 'sent-delayed@acme-supplies.example' }],
    ['forged-verp.eml', { status: '5.1.1', permanent: true, recipient: 'jane.doe@northwind.example', originalMessageId: 'never-sent-by-us@acme-supplies.example' }],
  ])('reads %s: status, failed recipient and the bounced mail', async (file, bounce) => {
    const verdict = await verdictOf(file);

    expect(verdict).toEqual({ automated: true, kind: 'bounce', bounce });
  });
});
