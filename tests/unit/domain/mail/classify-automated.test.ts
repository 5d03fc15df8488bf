import { describe, expect, it } from 'vitest';
import { classifyAutomated, parseDeliveryStatus } from '../../../../shared/domain/mail/classify-automated.js';
import { aParsedMail } from '../../../fixtures/mail/a-parsed-mail.js';

const dsn = (status: string): string =>
  `Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; Gone@Northwind.example\nAction: failed\nStatus: ${status}\n`;

describe('classifyAutomated', () => {
  it('leaves a customer mail alone', () => {
    expect(classifyAutomated(aParsedMail())).toEqual({ automated: false });
  });

  it('treats Auto-Submitted other than "no" as an auto-reply (RFC 3834)', () => {
    expect(classifyAutomated(aParsedMail({ headers: { autoSubmitted: 'auto-replied' } })).kind).toBe('auto-reply');
    expect(classifyAutomated(aParsedMail({ headers: { autoSubmitted: 'auto-generated' } })).kind).toBe('auto-reply');
    expect(classifyAutomated(aParsedMail({ headers: { autoSubmitted: 'no' } })).automated).toBe(false);
  });

  it('treats X-Autoreply, X-Autorespond and X-Auto-Response-Suppress: All as auto-replies', () => {
    for (const headers of [{ xAutoreply: 'yes' }, { xAutorespond: '' }, { xAutoResponseSuppress: 'DR, OOF, AutoReply' }]) {
      expect(classifyAutomated(aParsedMail({ headers })).kind).toBe('auto-reply');
    }
  });

  it('treats List-Id and Precedence: list as list mail, and bulk or junk as bulk', () => {
    expect(classifyAutomated(aParsedMail({ headers: { listId: '<weekly.widget-weekly.example>' } })).kind).toBe('list');
    expect(classifyAutomated(aParsedMail({ headers: { precedence: 'list' } })).kind).toBe('list');
    expect(classifyAutomated(aParsedMail({ headers: { precedence: 'Bulk' } })).kind).toBe('bulk');
    expect(classifyAutomated(aParsedMail({ headers: { precedence: 'junk' } })).kind).toBe('bulk');
  });

  it('reads a 5.1.1 DSN as a permanent bounce with the failed recipient (M8)', () => {
    const parsed = aParsedMail({
      headers: { contentType: 'multipart/report; report-type=delivery-status; boundary="b"' },
      deliveryStatus: dsn('5.1.1'),
      originalMessageId: 'pay-ord-1001@mail.acme-supplies.example',
    });

    expect(classifyAutomated(parsed)).toEqual({
      automated: true,
      kind: 'bounce',
      bounce: { status: '5.1.1', permanent: true, recipient: 'gone@northwind.example', originalMessageId: 'pay-ord-1001@mail.acme-supplies.example' },
    });
  });

  it('reads a 4.2.2 DSN as a temporary bounce', () => {
    const parsed = aParsedMail({ headers: { contentType: 'multipart/report; report-type="delivery-status"' }, deliveryStatus: dsn('4.2.2') });

    expect(classifyAutomated(parsed).bounce).toMatchObject({ status: '4.2.2', permanent: false });
  });

  it('recognizes a mailer-daemon bounce without a report part from its subject and text', () => {
    const parsed = aParsedMail({
      from: [{ address: 'mailer-daemon@mx.contoso.example', name: '' }],
      subject: 'Undeliverable: Your invoice',
      text: 'Delivery failed.\n\nFinal-Recipient: rfc822;old@contoso.example\nStatus: 5.1.1',
    });

    expect(classifyAutomated(parsed)).toMatchObject({ kind: 'bounce', bounce: { status: '5.1.1', recipient: 'old@contoso.example' } });
  });
});

describe('parseDeliveryStatus', () => {
  it('prefers the failed recipient among several and gives up on text without a Status', () => {
    const text = `Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; slow@x.example\nStatus: 4.4.1\n\nFinal-Recipient: rfc822; gone@x.example\nStatus: 5.1.1`;

    expect(parseDeliveryStatus(text)).toEqual({ status: '5.1.1', permanent: true, recipient: 'gone@x.example' });
    expect(parseDeliveryStatus('nothing here')).toBeUndefined();
  });
});
