import { createMemoryMailer } from '../../../../shared/adapters/mailer/memory-mailer.js';
import { mailerContract } from '../../../support/contracts/mailer-contract.js';

mailerContract('the in-memory mailer', ({ refusing }) => {
  const mailer = createMemoryMailer();
  if (refusing) mailer.failNext(Number.MAX_SAFE_INTEGER);
  return {
    mailer,
    deliveredTo: async (to) => mailer.sent.filter((m) => m.to === to).map((m) => ({ to: [m.to], subject: m.subject, text: m.text, html: m.html })),
  };
});
