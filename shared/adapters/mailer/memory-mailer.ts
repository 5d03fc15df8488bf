import { MailerError } from '../../domain/orders/order-errors.js';
import type { Mailer, OutboundMail } from '../../domain/orders/ports.js';
import { assertMimeSafe } from './mime-safe.js';

/** An in-memory mailer for unit tests: `sent` holds what was sent; `failNext(n)` makes sends fail. */
export function createMemoryMailer() {
  const sent: OutboundMail[] = [];
  let failures = 0;
  const mailer: Mailer = {
    async send(mail) {
      assertMimeSafe(mail);
      if (failures > 0) {
        failures--;
        throw new MailerError('memory mailer: injected failure');
      }
      sent.push(mail);
      return { providerId: `mem-${sent.length}` };
    },
  };
  return Object.assign(mailer, { sent, failNext: (n = 1) => { failures = n; } });
}
