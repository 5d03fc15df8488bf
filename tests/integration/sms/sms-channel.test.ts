import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
import { localStack, useLocalStackEnv } from '../../support/local-stack.js';

const spaceId = newSpaceId();
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
// Numbers of their own per run: the sink and the number → Space lookup are shared by every test file.
const spaceNumber = `+1206${digits(7)}`;
const customer = `+4477${digits(8)}`;
let admin: Api;
let contactId: string;

interface SinkMessage { destinationPhoneNumber: string; originationIdentity: string; messageBody: string }
const sinkTo = async (to: string): Promise<SinkMessage[]> => {
  const res = await fetch(`${localStack().smsViewerUrl}store`);
  return ((await res.json()) as { messages: SinkMessage[] }).messages.filter((m) => m.destinationPhoneNumber === to);
};
/** What the sink answers: the SMS's id and the SNS message that carried it to the function. */
interface Published { inboundMessageId: string; snsMessageId: string; delivered: boolean }
const customerTexts = async (body: string, from = customer): Promise<Published> => {
  const res = await fetch(`${localStack().smsViewerUrl}simulate-inbound`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to: spaceNumber, body }),
  });
  expect(res.status).toBe(202);
  return (await res.json()) as Published;
};
/** The lines the deployed sms-inbound bundle logged (its log group). */
const smsInboundLog = async (): Promise<Record<string, unknown>[]> => {
  const text = await readFile(join(localStack().logDir, 'sms-inbound.log'), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
};

beforeAll(async () => {
  useLocalStackEnv();
  admin = apiAs(spaceId, 'admin');
  const settings = await admin.put('/settings/sms', { originationNumber: spaceNumber }, { headers: { 'if-match': '"0"' } });
  expect(settings.status).toBe(200);
  // Written as people type it: the E.164 form is what the SMS uses.
  const national = `${customer.slice(0, 3)} ${customer.slice(3, 7)} ${customer.slice(7)}`;
  const created = await admin.post('/contacts', { name: 'Jane Texter', phones: [national] });
  expect(created.status).toBe(201);
  contactId = created.body.id;
}, 60_000);

describe('SMS as a second channel, through the gateway, the function bundles and the SMS sink', () => {
  it('sends to the sink, keeps an inbound SMS on the contact\'s thread, and honours STOP and START', async () => {
    const sent = await admin.post(`/contacts/${contactId}/sms`, { body: 'Your order ships today.' });

    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ to: customer, from: spaceNumber, status: 'sent' });
    expect(await sinkTo(customer)).toEqual([expect.objectContaining({ originationIdentity: spaceNumber, messageBody: 'Your order ships today.' })]);

    const published = await customerTexts('Thanks, see you then');
    // The SMS reached the function as an SNS notification of the two-way topic, whose signature it checked.
    expect(published).toMatchObject({ delivered: true, snsMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const applied = await eventually(smsInboundLog, (lines) => lines.some((l) => l.messageId === published.snsMessageId), 10_000);
    expect(applied.find((l) => l.messageId === published.snsMessageId)).toMatchObject({ message: 'inbound sms applied', signatureVersion: '2' });
    const thread = await eventually(() => admin.get(`/threads/${sent.body.threadId}`), (r) => r.body.messages?.length === 2, 20_000);
    expect(thread.body.messages.map((m: { direction: string; snippet: string }) => [m.direction, m.snippet])).toEqual([
      ['inbound', 'Thanks, see you then'], ['outbound', 'Your order ships today.'],
    ]);
    expect(thread.body.contactIds).toEqual([contactId]);
    const timeline = await admin.get(`/contacts/${contactId}/activity`);
    expect(timeline.body.items.filter((e: { kind: string }) => e.kind === 'mail')).toHaveLength(2);

    await customerTexts('STOP');
    const refused = await admin.post(`/contacts/${contactId}/sms`, { body: 'One more thing' });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/\/sms-opted-out$/);
    expect(await sinkTo(customer)).toHaveLength(1);
    const trail = await admin.get(`/audit?entity=sms-number:${encodeURIComponent(customer)}`);
    expect(trail.body.items).toEqual([expect.objectContaining({ action: 'opted-out', userId: 'customer' })]);

    await customerTexts('start');
    const again = await admin.post(`/contacts/${contactId}/sms`, { body: 'Welcome back' });
    expect(again.status).toBe(201);
    expect((await sinkTo(customer)).map((m) => m.messageBody)).toEqual(['Your order ships today.', 'Welcome back']);
  }, 60_000);

  it('answers HELP with the Space\'s help text and keeps an unknown number\'s SMS unlinked', async () => {
    const stranger = `+3361${digits(8)}`;

    await customerTexts('HELP', stranger);

    const replies = await eventually(() => sinkTo(stranger), (r) => r.length === 1, 10_000);
    expect(replies[0]!.messageBody).toMatch(/STOP/);
    const unlinked = await admin.get('/inbox?unlinked=true');
    expect(unlinked.body.items.map((t: { participants: string[] }) => t.participants)).toContainEqual([stranger]);
  }, 60_000);
});
