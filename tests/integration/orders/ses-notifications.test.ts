import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
import { useLocalStackEnv, type ProvidedStack } from '../../support/local-stack.js';
import { addMessage, confirmBody, seedSpace } from './order-fixtures.js';

let stack: ProvidedStack;
beforeAll(() => { stack = useLocalStackEnv(); });

/** The SES message id of the one mail the emulator holds for `to` (what SendRawEmail answered). */
async function sesIdOfMailTo(to: string): Promise<string> {
  const store = (await (await fetch(`${stack.endpoints.ses}/store`)).json()) as { emails: { messageId: string; destination: { to: string[] } }[] };
  const mails = store.emails.filter((e) => e.destination.to.includes(to));
  expect(mails).toHaveLength(1);
  return mails[0]!.messageId;
}

/** Asks the twin's SES to report a bounce or complaint of one send, as SES would through SNS. */
const simulate = async (kind: 'bounce' | 'complaint', body: Record<string, unknown>) => {
  const res = await fetch(`${stack.endpoints.ses}/local/ses/${kind}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** A Space whose customer is a contact and was sent a payment email through the deployed orders-api. */
async function aPaymentEmailSent(customer?: string) {
  const seed = await seedSpace();
  if (customer) Object.assign(seed, { customer, messageId: (await addMessage(seed.spaceId, customer)).messageId });
  const api = apiAs(seed.spaceId, 'admin');
  const contact = await api.post('/contacts', { name: 'Bounce Buyer', emails: [seed.customer] });
  expect(contact.status).toBe(201);
  const order = await api.post('/orders', confirmBody(seed));
  expect(order.status).toBe(201);
  return { ...seed, api, contactId: String(contact.body.id), orderId: String(order.body.id), sesId: await sesIdOfMailTo(seed.customer) };
}

describe('SES bounce and complaint notifications, through SNS to the ses-notifications bundle', { timeout: 120_000 }, () => {
  it('flags the order and marks the contact\'s address when a payment email hard-bounces', async () => {
    const sent = await aPaymentEmailSent();

    const published = await simulate('bounce', { messageId: sent.sesId });

    expect(published).toMatchObject({ status: 200, body: { delivered: true } });
    const order = await eventually(() => sent.api.get(`/orders/${sent.orderId}`), (r) => (r.body.mailProblems ?? []).length > 0, 10_000);
    expect(order.body.mailProblems).toEqual([expect.objectContaining({ type: 'bounce', mail: 'payment', recipient: sent.customer, status: '5.1.1', via: 'ses' })]);
    const contact = await sent.api.get(`/contacts/${sent.contactId}`);
    expect(contact.body.bouncedEmails).toEqual([{ email: sent.customer, at: expect.any(String), status: '5.1.1', via: 'ses' }]);
  });

  it('marks the contact on a complaint, and refuses the next payment email to that address', async () => {
    const sent = await aPaymentEmailSent();

    const published = await simulate('complaint', { messageId: sent.sesId });

    expect(published).toMatchObject({ status: 200, body: { delivered: true } });
    const order = await sent.api.get(`/orders/${sent.orderId}`);
    expect(order.body.mailProblems).toEqual([expect.objectContaining({ type: 'complaint', recipient: sent.customer, status: 'abuse', via: 'ses' })]);
    const contact = await sent.api.get(`/contacts/${sent.contactId}`);
    expect(contact.body.complainedEmails).toEqual([{ email: sent.customer, at: expect.any(String), feedbackType: 'abuse' }]);
    const next = await addMessage(sent.spaceId, sent.customer);
    const refused = await sent.api.post('/orders', confirmBody({ messageId: next.messageId, customer: sent.customer }));
    expect(refused.status).toBe(409);
    expect(String(refused.body.type)).toMatch(/\/address-complained$/);
    expect(refused.body.address).toBe(sent.customer);
    const resend = await sent.api.post(`/orders/${sent.orderId}/resend-link`);
    expect([resend.status, String(resend.body.type)]).toEqual([409, expect.stringMatching(/\/address-complained$/)]);

    // The customer asks to be mailed again: an admin clears the mark and the next order goes out.
    const cleared = await sent.api.delete(`/contacts/${sent.contactId}/complaints/${encodeURIComponent(sent.customer)}`, { headers: { 'if-match': String(contact.headers.get('etag')) } });
    const accepted = await sent.api.post('/orders', confirmBody({ messageId: next.messageId, customer: sent.customer }));
    expect(cleared.status).toBe(200);
    expect(cleared.body.complainedEmails).toEqual([]);
    expect(accepted.status).toBe(201);
  });

  it('reports a complaint by itself for mail to SES\'s complaint simulator address', async () => {
    const sent = await aPaymentEmailSent('complaint@simulator.amazonses.com');

    const contact = await eventually(() => sent.api.get(`/contacts/${sent.contactId}`), (r) => r.body.complainedEmails !== undefined, 10_000);

    expect(contact.body.complainedEmails).toEqual([expect.objectContaining({ email: 'complaint@simulator.amazonses.com' })]);
  });

  it('changes nothing on a transient bounce', async () => {
    const sent = await aPaymentEmailSent();

    const published = await simulate('bounce', { messageId: sent.sesId, bounceType: 'Transient' });

    expect(published).toMatchObject({ status: 200, body: { delivered: true } });
    expect((await sent.api.get(`/orders/${sent.orderId}`)).body.mailProblems ?? []).toEqual([]);
    expect((await sent.api.get(`/contacts/${sent.contactId}`)).body.bouncedEmails).toBeUndefined();
  });

  it('refuses a send that names a configuration set SES does not have, as SES does', async () => {
    const ses = new SESClient({});

    const refused = ses.send(new SendRawEmailCommand({
      Source: 'no-reply@mailbridge.local', Destinations: ['a@customer.example'], RawMessage: { Data: Buffer.from('Subject: x\r\n\r\nx') },
      ConfigurationSetName: 'not-ours',
    }));

    await expect(refused).rejects.toMatchObject({ name: 'ConfigurationSetDoesNotExistException' });
    ses.destroy();
  });

  it('has no events to report for a send that named no configuration set', async () => {
    const ses = new SESClient({});
    const to = `plain-${Date.now()}@customer.example`;
    await ses.send(new SendRawEmailCommand({ Source: 'no-reply@mailbridge.local', Destinations: [to], RawMessage: { Data: Buffer.from(`To: ${to}\r\nSubject: x\r\n\r\nx`) } }));
    ses.destroy();

    const published = await simulate('bounce', { messageId: await sesIdOfMailTo(to) });

    expect(published.status).toBe(409);
  });
});
