import { SESClient } from '@aws-sdk/client-ses';
import { createSesMailer } from '../../../shared/adapters/mailer/ses-mailer.js';
import { mailerContract } from '../../support/contracts/mailer-contract.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

type StoredEmail = { subject: string; body: { text?: string; html?: string }; destination: { to: string[] } };

mailerContract('the SES mailer (aws-ses-v2-local)', ({ refusing }) => {
  const stack = useLocalStackEnv();
  // A refusing provider: nothing listens on port 1, so SES cannot be reached.
  const client = refusing ? new SESClient({ endpoint: 'http://127.0.0.1:1', maxAttempts: 1 }) : new SESClient({});
  return {
    mailer: createSesMailer('orders@mailbridge.example', client),
    async deliveredTo(to) {
      const { emails } = (await (await fetch(`${stack.endpoints.ses}/store`)).json()) as { emails: StoredEmail[] };
      return emails.filter((e) => e.destination.to.includes(to))
        .map((e) => ({ to: e.destination.to, subject: e.subject, text: e.body.text ?? '', html: e.body.html ?? '' }));
    },
  };
});
