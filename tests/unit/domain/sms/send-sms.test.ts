import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../shared/domain/errors.js';
import { receiveSms } from '../../../../shared/domain/sms/receive-sms.js';
import { sendSms } from '../../../../shared/domain/sms/send-sms.js';
import { SmsOptedOutError } from '../../../../shared/domain/sms/sms-errors.js';
import { aContact, SPACE, SPACE_NUMBER, smsWorld } from './sms-harness.js';

const CUSTOMER = '+447700900123';
const setup = (contact = aContact()) => {
  const w = smsWorld([contact]);
  const deps = { contacts: w.contacts, numbers: w.store, optOuts: w.store, sender: w.sender, writer: w.writer, sends: w.sends, now: w.runtime.now, newId: w.runtime.newId };
  const receiveDeps = { numbers: w.store, optOuts: w.store, writer: w.writer, sender: w.sender, sends: w.sends, runtime: w.runtime, log: { debug() {}, info() {}, warn() {}, error() {} } };
  const send = (over: { to?: string; body?: string; idempotencyKey?: string } = {}) =>
    sendSms(deps, { spaceId: SPACE, userId: 'u1', contactId: 'c1', body: 'Hello', ...over });
  const inbound = (body: string, id: string) =>
    receiveSms(receiveDeps, { originationNumber: CUSTOMER, destinationNumber: SPACE_NUMBER, messageBody: body, inboundMessageId: id });
  return { w, send, inbound };
};

describe('sendSms', () => {
  it('sends from the Space number to the contact\'s first number and keeps it on that number\'s thread', async () => {
    const { w, send } = setup();

    const sent = await send();

    expect(w.sender.sent).toEqual([{ from: SPACE_NUMBER, to: CUSTOMER, body: 'Hello', providerId: 'memory-1' }]);
    expect(w.messages.get(sent.id)).toMatchObject({ channel: 'sms', direction: 'outbound', threadId: sent.threadId, text: 'Hello', contactIds: ['c1'] });
    expect(w.threads.get(sent.threadId)?.[0]).toMatchObject({ channel: 'sms', participants: [CUSTOMER] });
    expect(w.timelines).toEqual([{ owner: 'contact#c1', messageId: sent.id }]);
  });

  it('refuses a number that is not the contact\'s and one that is not E.164, naming the field', async () => {
    const { w, send } = setup();

    await expect(send({ to: '+14155550100' })).rejects.toThrow(ValidationError);
    await expect(send({ to: '07700 900123' })).rejects.toMatchObject({ errors: [{ pointer: '#/to' }] });
    expect(w.sender.sent).toHaveLength(0);
  });

  it('refuses a contact without a usable number and an unknown contact', async () => {
    const { send } = setup(aContact({ phones: ['07700 900123'] }));

    await expect(send()).rejects.toMatchObject({ errors: [{ pointer: '#/id' }] });
    await expect(setup(aContact({ id: 'other' })).send()).rejects.toThrow(NotFoundError);
  });

  it('sends nothing to a number that texted STOP, and sends again after START', async () => {
    const { w, send, inbound } = setup();

    await inbound('STOP', 'in-1');
    await expect(send()).rejects.toThrow(SmsOptedOutError);
    expect(w.sender.sent).toHaveLength(0);
    w.tick(1000);
    await inbound('Start', 'in-2');
    await send();

    expect(w.sender.sent).toHaveLength(1);
    expect(w.audit.map((a) => [a.entity, a.entityId, a.action, a.details?.keyword])).toEqual([
      ['sms-number', CUSTOMER, 'opted-out', 'STOP'], ['sms-number', CUSTOMER, 'opted-in', 'Start'],
    ]);
  });

  it('sends once for any number of retries with one Idempotency-Key', async () => {
    const { w, send } = setup();

    const answers = await Promise.all([1, 2, 3].map(() => send({ idempotencyKey: 'k1' })));

    expect(w.sender.sent).toHaveLength(1);
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
  });
});

describe('receiveSms', () => {
  it('keeps an inbound SMS on the sender\'s thread and contact, once however often it is delivered', async () => {
    const { w, inbound } = setup();

    const first = await inbound('On my way', 'in-1');
    const again = await inbound('On my way', 'in-1');

    expect(first).toMatchObject({ outcome: 'recorded', contactIds: ['c1'] });
    expect(again).toEqual(first);
    expect(w.messages.size).toBe(1);
    expect(w.timelines).toHaveLength(1);
  });

  it('records a redelivered STOP once and lets a later START win over it', async () => {
    const { w, inbound } = setup();

    await inbound('STOP', 'in-1');
    w.tick(1000);
    await inbound('START', 'in-2');
    await inbound('STOP', 'in-1');

    expect(w.optOuts.get(CUSTOMER)?.state).toBe('opted-in');
    expect(w.audit).toHaveLength(2);
  });

  it('answers HELP once with the help text, and not to a number that opted out', async () => {
    const { w, inbound } = setup();

    await inbound('HELP', 'in-1');
    await inbound('HELP', 'in-1');
    await inbound('STOP', 'in-2');
    await inbound('HELP', 'in-3');

    expect(w.sender.sent.map((s) => s.to)).toEqual([CUSTOMER]);
    expect(w.sender.sent[0]!.body).toMatch(/STOP/);
  });

  it('ignores SMS to a number no Space holds and from a number that is not E.164', async () => {
    const { w } = setup();
    const deps = { numbers: w.store, optOuts: w.store, writer: w.writer, sender: w.sender, sends: w.sends, runtime: w.runtime, log: { debug() {}, info() {}, warn() {}, error() {} } };

    expect(await receiveSms(deps, { originationNumber: CUSTOMER, destinationNumber: '+12065559999', messageBody: 'hi', inboundMessageId: 'x' }))
      .toEqual({ outcome: 'ignored', reason: 'unknown-number' });
    expect(await receiveSms(deps, { originationNumber: 'SHORTCODE', destinationNumber: SPACE_NUMBER, messageBody: 'hi', inboundMessageId: 'y' }))
      .toEqual({ outcome: 'ignored', reason: 'invalid-number' });
    expect(w.messages.size).toBe(0);
  });
});
