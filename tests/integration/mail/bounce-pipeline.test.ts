import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import { createContactStore } from '../../../shared/store/contact-store.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { mailHarness, OWN_ADDRESS } from './mail-harness.js';

const BOUNCES = join(import.meta.dirname, '../../fixtures/mail/bounces');
let dovecot: DovecotServer;
const users = Array.from({ length: 5 }, (_, i) => ({ user: `b${i}`, password: `pw-${i}` }));

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

/** The mail we sent that a corpus bounce returns (same Message-ID and recipient). */
const sent = (messageId: string, to: string) => [
  `From: Sales <${OWN_ADDRESS}>`, `To: ${to}`, 'Subject: Your quote', `Date: ${new Date().toUTCString()}`, `Message-ID: <${messageId}>`,
  'Content-Type: text/plain; charset=utf-8', '', 'Here is your quote.', '',
].join('\r\n');

/** Seeds contacts, syncs our sent mail first, then the bounces; returns the contacts as stored after. */
async function bounceUnder(user: { user: string; password: string }, markHardBounces: string, bounces: string[]) {
  const spaceId = newSpaceId();
  const h = await mailHarness(spaceId);
  const ids = {
    gone: await h.addContact('Gone', ['gone@northwind.example', 'gone.new@northwind.example']),
    full: await h.addContact('Full', ['full@northwind.example']),
    jane: await h.addContact('Jane', ['jane.doe@northwind.example']),
    left: await h.addContact('Left', ['left@contoso.example']),
  };
  await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: ulid() }, mailRulesSchema.parse({ markHardBounces }), 0);
  await dovecot.appendMessages(user.user, 'Sent', [
    sent('sent-postfix@acme-supplies.example', 'gone@northwind.example'), sent('sent-delayed@acme-supplies.example', 'full@northwind.example'),
    sent('sent-exim@acme-supplies.example', 'left@contoso.example'),
  ]);
  const mailbox = await h.connect(dovecot, user);
  await h.sync(mailbox.id);
  await h.drain();
  await dovecot.appendMessages(user.user, 'INBOX', bounces.map((f) => readFileSync(join(BOUNCES, f))));
  await h.sync(mailbox.id);
  await h.drain();
  const contacts = createContactStore(h.rt.table);
  const read = async (id: string) => (await contacts.getContact(spaceId, id))!;
  return { gone: await read(ids.gone), full: await read(ids.full), jane: await read(ids.jane), left: await read(ids.left) };
}

describe('hard bounces through the pipeline (real Dovecot, DynamoDB Local, s3rver)', () => {
  it('marks a 5.x.x bounce of our mail and demotes the address; 4.x.x and forged bounces change nothing', async () => {
    const after = await bounceUnder(users[0]!, 'mark_and_demote', ['postfix-5.1.1.eml', 'postfix-4.2.2.eml', 'forged-verp.eml', 'exim-5.1.1.eml']);

    expect(after.gone.bouncedEmails).toEqual([expect.objectContaining({ email: 'gone@northwind.example', status: '5.1.1' })]);
    expect(after.gone.emails).toEqual(['gone.new@northwind.example', 'gone@northwind.example']);
    expect(after.left.bouncedEmails).toEqual([expect.objectContaining({ email: 'left@contoso.example', status: '5.1.1' })]);
    expect(after.left.emails).toEqual(['left@contoso.example']);
    expect(after.full).toMatchObject({ version: 1 });
    expect(after.full.bouncedEmails).toBeUndefined();
    expect(after.jane).toMatchObject({ version: 1 });
    expect(after.jane.bouncedEmails).toBeUndefined();
  });

  it('marks without demoting under mark, and marks nothing under off', async () => {
    const marked = await bounceUnder(users[1]!, 'mark', ['postfix-5.1.1.eml']);
    const off = await bounceUnder(users[2]!, 'off', ['postfix-5.1.1.eml']);

    expect(marked.gone.bouncedEmails).toEqual([expect.objectContaining({ email: 'gone@northwind.example' })]);
    expect(marked.gone.emails).toEqual(['gone@northwind.example', 'gone.new@northwind.example']);
    expect(off.gone.bouncedEmails).toBeUndefined();
  });

  it('marks a bounce imported before the mail it returns, in one first sync or when that mail comes later; a forged one and another Space\'s change nothing', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const gone = await h.addContact('Gone', ['gone@northwind.example']);
    const left = await h.addContact('Left', ['left@contoso.example']);
    const jane = await h.addContact('Jane', ['jane.doe@northwind.example']);
    await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: ulid() }, mailRulesSchema.parse({ markHardBounces: 'mark' }), 0);
    // INBOX is synced and linked before Sent: each bounce is linked before the mail it returns.
    await dovecot.appendMessages(users[3]!.user, 'INBOX', ['postfix-5.1.1.eml', 'exim-5.1.1.eml', 'forged-verp.eml'].map((f) => readFileSync(join(BOUNCES, f))));
    await dovecot.appendMessages(users[3]!.user, 'Sent', [sent('sent-postfix@acme-supplies.example', 'gone@northwind.example')]);
    const mailbox = await h.connect(dovecot, users[3]!);
    await h.sync(mailbox.id);
    const first = await h.drain();
    const contacts = createContactStore(h.rt.table);
    const afterFirst = { gone: await contacts.getContact(spaceId, gone), left: await contacts.getContact(spaceId, left) };
    await dovecot.appendMessages(users[3]!.user, 'Sent', [sent('sent-exim@acme-supplies.example', 'left@contoso.example')]);
    await h.sync(mailbox.id);
    await h.drain();
    // Another Space sends mail under the same Message-ID to its own contact of that address: the bounce was not its.
    const other = await mailHarness(newSpaceId());
    const otherGone = await other.addContact('Gone', ['gone@northwind.example']);
    await other.rt.rules.putMailRules({ spaceId: other.spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: ulid() }, mailRulesSchema.parse({ markHardBounces: 'mark' }), 0);
    await dovecot.appendMessages(users[4]!.user, 'Sent', [sent('sent-postfix@acme-supplies.example', 'gone@northwind.example')]);
    await other.sync((await other.connect(dovecot, users[4]!)).id);
    await other.drain();

    console.info('first sync link outcomes:', first.map((o) => o.status), '; gone after it:', afterFirst.gone?.bouncedEmails, '; left after it:', afterFirst.left?.bouncedEmails);
    expect(first.map((o) => o.status)).toEqual(['linked', 'linked', 'linked', 'linked']);
    expect(afterFirst.gone?.bouncedEmails).toEqual([expect.objectContaining({ email: 'gone@northwind.example', status: '5.1.1', via: 'dsn' })]);
    expect(afterFirst.left?.bouncedEmails).toBeUndefined();
    expect((await contacts.getContact(spaceId, left))?.bouncedEmails).toEqual([expect.objectContaining({ email: 'left@contoso.example', status: '5.1.1' })]);
    expect(await contacts.getContact(spaceId, jane)).toMatchObject({ version: 1 });
    expect((await contacts.getContact(other.spaceId, otherGone))).toMatchObject({ version: 1 });
    expect((await contacts.getContact(other.spaceId, otherGone))?.bouncedEmails).toBeUndefined();
  });
});
