import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UnsafeMailError } from '../../../shared/adapters/mailer/mime-safe.js';
import { MailerError } from '../../../shared/domain/orders/order-errors.js';
import type { Mailer, OutboundMail } from '../../../shared/domain/orders/ports.js';

/** What the outbox holds for one recipient, however the adapter records it. */
export interface DeliveredMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** What a Mailer under contract hands the suite. */
export interface MailerUnderTest {
  readonly mailer: Mailer;
  /** Every mail the provider accepted for `to`, oldest first. */
  deliveredTo(to: string): Promise<DeliveredMail[]>;
}

/** `refusing` asks for a mailer whose provider refuses every send (unreachable, or told to fail). */
export type MakeMailer = (options: { refusing: boolean }) => MailerUnderTest;

const aMail = (overrides: Partial<OutboundMail> = {}): OutboundMail => ({
  to: `buyer-${randomUUID().slice(0, 8)}@shop.example`, subject: 'Your order — pay by card', messageId: `${randomUUID()}@mailbridge.example`, spaceId: 'space-1',
  text: 'Grüße,\r\nplease pay here: https://pay.example/1', html: '<p>Grüße, <a href="https://pay.example/1">pay</a></p>', ...overrides,
});

/** The behaviour every Mailer promises (shared/domain/orders/ports.ts), run against memory and SES. */
export function mailerContract(name: string, make: MakeMailer): void {
  describe(`${name} keeps the Mailer contract`, () => {
    it('delivers one mail to its one recipient with subject and both bodies intact', async () => {
      const u = make({ refusing: false });
      const mail = aMail();

      const { providerId } = await u.mailer.send(mail);

      expect(providerId).not.toBe('');
      // A MIME text body's line breaks are CRLF on the wire whatever the sender wrote; readers give LF.
      const lines = (text: string) => text.replace(/\r\n/g, '\n');
      const delivered = (await u.deliveredTo(mail.to)).map((m) => ({ ...m, text: lines(m.text) }));
      expect(delivered).toEqual([{ to: [mail.to], subject: mail.subject, text: lines(mail.text), html: mail.html }]);
    });

    it('gives every accepted mail its own provider id', async () => {
      const u = make({ refusing: false });
      const to = aMail().to;

      const ids = await Promise.all([1, 2, 3].map((n) => u.mailer.send(aMail({ to, subject: `mail ${n}` }))));

      expect(new Set(ids.map((r) => r.providerId)).size).toBe(3);
      expect((await u.deliveredTo(to)).map((m) => m.subject).sort()).toEqual(['mail 1', 'mail 2', 'mail 3']);
    });

    it.each([
      ['a second recipient in the address', { to: 'a@x.example, b@y.example' }],
      ['a header after the address', { to: 'a@x.example\r\nBcc: e@evil.example' }],
      ['a display name', { to: 'Buyer <a@x.example>' }],
      ['a line break in the subject', { subject: 'Order\r\nBcc: e@evil.example' }],
      ['a Unicode line separator in the subject', { subject: 'Order\u2028Bcc: e@evil.example' }],
    ])('refuses %s before the provider sees it', async (_case, fields) => {
      const u = make({ refusing: false });

      await expect(u.mailer.send(aMail(fields))).rejects.toBeInstanceOf(UnsafeMailError);

      expect(await u.deliveredTo('e@evil.example')).toEqual([]);
      expect(await u.deliveredTo('b@y.example')).toEqual([]);
    });

    it('throws MailerError when the provider refuses, and delivers nothing', async () => {
      const u = make({ refusing: true });
      const mail = aMail();

      await expect(u.mailer.send(mail)).rejects.toBeInstanceOf(MailerError);

      expect(await u.deliveredTo(mail.to)).toEqual([]);
    });
  });
}
