import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../../shared/domain/contacts/contact.js';
import { bounceStep } from '../../../../shared/domain/threads/bounce-step.js';
import { applyHeldBounces, BouncedMailInFlightError, IN_FLIGHT_MS, type HeldBounce } from '../../../../shared/domain/threads/held-bounces.js';
import type { MessageRecord } from '../../../../shared/domain/threads/ports.js';
import { createMemoryCapture } from '../../../../shared/store/memory-capture.js';
import { createMemoryOrderMailStore } from '../../../../shared/store/order-mail-store.js';

const SPACE = 'space-1';
const log = { info: () => {}, warn: () => {}, error: () => {} };
const at = '2026-11-29T10:00:00.000Z';
const aContact = (id: string, email: string): Contact => ({
  id, spaceId: SPACE, name: id, emails: [email], phones: [], roles: [], primaryContact: false, tags: [], customFields: {}, status: 'active',
  createdAt: at, updatedAt: at, version: 1,
}) as Contact;
const verdict = { automated: true, kind: 'bounce', bounce: { status: '5.1.1', permanent: true, recipient: 'gone@x.example', originalMessageId: 'ours@acme.example' } } as const;
const sentMail = { direction: 'outbound', to: [{ address: 'gone@x.example' }], cc: [] } as unknown as MessageRecord;

type Held = { state: 'held' | 'claimed'; claimedAt?: string };
function deps(held: Held, stored: (MessageRecord | undefined)[]) {
  const memory = createMemoryCapture();
  memory.contacts.all.set('gone', aContact('gone', 'gone@x.example'));
  const holds: HeldBounce[] = [];
  return {
    memory, holds,
    step: {
      ...memory, orderMail: createMemoryOrderMailStore(), log,
      held: { holdBounce: async (_s: string, _id: string, b: HeldBounce) => { holds.push(b); return held; } },
      findMessage: async () => stored.shift(),
    },
  };
}
const input = { spaceId: SPACE, rules: { markHardBounces: 'mark' as const }, verdict, bounceMessageId: 'report-1', at, correlationId: 'c' };

describe('bounceStep: a bounce of mail not imported yet', () => {
  it('holds the bounce for the mail and marks nothing yet', async () => {
    const d = deps({ state: 'held' }, [undefined]);

    await bounceStep(d.step, input);

    expect(d.holds).toEqual([{ recipient: 'gone@x.example', status: '5.1.1', at, reportMessageId: 'report-1' }]);
    expect(d.memory.contacts.all.get('gone')?.bouncedEmails).toBeUndefined();
  });

  it('marks at once when the mail was stored meanwhile, and asks for a retry while it is being linked', async () => {
    const justNow = new Date().toISOString();
    const stored = deps({ state: 'claimed', claimedAt: justNow }, [undefined, sentMail]);
    const inFlight = deps({ state: 'claimed', claimedAt: justNow }, [undefined, undefined]);

    await bounceStep(stored.step, input);
    const retried = bounceStep(inFlight.step, input);

    expect(stored.memory.contacts.all.get('gone')?.bouncedEmails).toEqual([expect.objectContaining({ email: 'gone@x.example', messageId: 'report-1' })]);
    await expect(retried).rejects.toBeInstanceOf(BouncedMailInFlightError);
  });

  it('keeps the bounce held, without a retry, when the mail was claimed long ago and never stored (a rule kept it out)', async () => {
    const skipped = deps({ state: 'claimed', claimedAt: new Date(Date.now() - 2 * IN_FLIGHT_MS).toISOString() }, [undefined, undefined]);

    await bounceStep(skipped.step, input);

    expect(skipped.holds).toHaveLength(1);
    expect(skipped.memory.contacts.all.get('gone')?.bouncedEmails).toBeUndefined();
  });
});

describe('applyHeldBounces', () => {
  const held: HeldBounce[] = [{ recipient: 'gone@x.example', status: '5.1.1', at, reportMessageId: 'r1' }, { recipient: 'other@x.example', status: '5.1.1', at, reportMessageId: 'r2' }];
  const run = async (direction: string, recipients: string[], markHardBounces: 'mark' | 'off' = 'mark') => {
    const memory = createMemoryCapture();
    memory.contacts.all.set('gone', aContact('gone', 'gone@x.example'));
    memory.contacts.all.set('other', aContact('other', 'other@x.example'));
    await applyHeldBounces({ ...memory, log }, { spaceId: SPACE, rules: { markHardBounces }, held, direction, recipients: recipients.map((address) => ({ address })), correlationId: 'c' });
    return [...memory.contacts.all.values()].filter((c) => c.bouncedEmails).map((c) => c.id);
  };

  it('marks only the recipients of mail we sent, and nothing under off or for mail we received', async () => {
    expect(await run('outbound', ['Gone@x.example'])).toEqual(['gone']);
    expect(await run('inbound', ['gone@x.example'])).toEqual([]);
    expect(await run('outbound', ['gone@x.example'], 'off')).toEqual([]);
  });
});
