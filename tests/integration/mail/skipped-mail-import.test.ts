import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocklistApplyingSettings } from '../../../shared/deps/settings-deps.js';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import type { LinkOutcome } from '../../../shared/domain/threads/link-message.js';
import type { ParseJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { mailHarness, messageItems, OWN_ADDRESS } from './mail-harness.js';

let dovecot: DovecotServer;
const users = [{ user: 'sk0', password: 'pw-sk0' }, { user: 'sk1', password: 'pw-sk1' }, { user: 'sk2', password: 'pw-sk2' }];

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

const mail = (subject: string, from: string) => [
  `From: ${from}`, `To: ${OWN_ADDRESS}`, `Subject: ${subject}`, `Date: ${new Date().toUTCString()}`, `Message-ID: <${ulid()}@mail.example>`,
  'Content-Type: text/plain; charset=utf-8', '', `Text of ${subject}`, '',
].join('\r\n');

type Harness = Awaited<ReturnType<typeof mailHarness>>;
/** Runs every queued step (jobs queue parse jobs, which queue link jobs) until the queues are empty. */
async function settle(h: Harness, parsed: ParseJob[] = []): Promise<LinkOutcome[]> {
  const outcomes: LinkOutcome[] = [];
  for (let round = 0; round < 10 && (h.parseQueue.sent.length > 0 || h.linkQueue.sent.length > 0); round++) {
    parsed.push(...h.parseQueue.sent);
    outcomes.push(...await h.drain());
  }
  return outcomes;
}

async function importUnder(user: { user: string; password: string }, rules: Record<string, unknown>, inbox: string[]) {
  const spaceId = newSpaceId();
  const h = await mailHarness(spaceId);
  const settings = blocklistApplyingSettings(h.rt.table, () => h.linkQueue);
  const actor = () => ({ spaceId, userId: 'admin-1', requestId: ulid(), at: new Date().toISOString(), auditId: ulid() });
  await settings.putMailRules(actor(), mailRulesSchema.parse(rules), 0);
  await dovecot.appendMessages(user.user, 'INBOX', inbox);
  const mailbox = await h.connect(dovecot, user);
  await h.sync(mailbox.id);
  const first = await settle(h);
  const save = async (next: Record<string, unknown>) => {
    const version = (await settings.getMailRules(spaceId)).version;
    await settings.putMailRules(actor(), mailRulesSchema.parse(next), version);
  };
  const subjects = async () => (await messageItems(h.rt, spaceId)).map((m) => m.subject as string).sort();
  return { h, spaceId, first, save, subjects, mailboxId: mailbox.id };
}

describe('mail a blocklist entry or skip rule kept out comes in when the entry or rule is removed (real Dovecot, DynamoDB Local, s3rver)', () => {
  it('imports the skipped mail of a removed entry and rule through the linker, once, with its IMAP origin, and keeps out what another rule still skips', async () => {
    const promo = { id: 'promo', field: 'subject', operator: 'contains', value: 'Promo', action: 'skip' };
    const run = await importUnder(users[0]!, { blocklist: ['@spam.example', 'ads@other.example'], exclusions: [promo] }, [
      mail('Hello from spam', 'Bob <bob@spam.example>'),
      mail('Promo week', 'Jane <jane@northwind.example>'),
      mail('Promo from spam', 'Bob <bob@spam.example>'),
      mail('Ads again', 'Ads <ads@other.example>'),
      mail('Normal', 'Jane <jane@northwind.example>'),
    ]);
    const before = await run.subjects();

    await run.save({ blocklist: ['ads@other.example'], exclusions: [promo] });
    const afterEntry = await settle(run.h);
    const withEntryRemoved = await run.subjects();
    await run.save({ blocklist: ['ads@other.example'], exclusions: [] });
    const reparsed: ParseJob[] = [];
    const afterRule = await settle(run.h, reparsed);
    const items = await messageItems(run.h.rt, run.spaceId);
    // The import's parse jobs redelivered: the linker finds each mail stored under its identity.
    run.h.parseQueue.sent.push(...reparsed);
    const redelivered = await settle(run.h);
    // Run again: the same save and the same jobs, redelivered.
    await run.save({ blocklist: ['ads@other.example', '@spam.example'], exclusions: [promo] });
    await settle(run.h);
    await run.save({ blocklist: ['ads@other.example'], exclusions: [] });
    const again = await settle(run.h);
    await run.h.sync(run.mailboxId);
    await settle(run.h);

    console.info('imported before:', before.length, '; after the entry went:', withEntryRemoved.length, '; after the rule went:', items.length,
      '; link outcomes of the runs:', [afterEntry, afterRule, redelivered, again].map((o) => o.map((x) => x.status)));
    expect(run.first.map((o) => o.status).sort()).toEqual(['linked', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(before).toEqual(['Normal']);
    expect(withEntryRemoved).toEqual(['Hello from spam', 'Normal']);
    expect(items.map((m) => m.subject).sort()).toEqual(['Hello from spam', 'Normal', 'Promo from spam', 'Promo week']);
    expect(items.find((m) => m.subject === 'Promo week')).toMatchObject({ mailboxId: run.mailboxId, imap: expect.stringMatching(/:INBOX$/) });
    expect(await run.subjects()).toEqual(['Hello from spam', 'Normal', 'Promo from spam', 'Promo week']);
    expect(redelivered.map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
    expect(again.filter((o) => o.status === 'linked')).toEqual([]);
  });

  it('imports the mail only_linkable kept out when the policy goes back to all', async () => {
    const run = await importUnder(users[1]!, { importPolicy: 'only_linkable' }, [
      mail('From a stranger', 'Carl <carl@fabrikam.example>'),
      mail('From another stranger', 'Dana <dana@tailspin.example>'),
    ]);
    const before = await run.subjects();

    await run.save({ importPolicy: 'all' });
    await settle(run.h);

    expect(before).toEqual([]);
    expect(await run.subjects()).toEqual(['From a stranger', 'From another stranger']);
  });

  it('imports it through the deployed functions when an admin removes the entry with PUT /settings/mail-rules', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const admin = apiAs(spaceId, 'admin', 'admin-1');
    expect((await admin.put('/settings/mail-rules', { blocklist: ['@spam.example'] }, { headers: { 'if-match': '"0"' } })).status).toBe(200);
    await dovecot.appendMessages(users[2]!.user, 'INBOX', [mail('Hello from spam', 'Bob <bob@spam.example>'), mail('Normal', 'Jane <jane@northwind.example>')]);
    await h.sync((await h.connect(dovecot, users[2]!)).id);
    await settle(h);
    const before = (await messageItems(h.rt, spaceId)).map((m) => m.subject);

    expect((await admin.put('/settings/mail-rules', { blocklist: [] }, { headers: { 'if-match': '"1"' } })).status).toBe(200);
    const after = await eventually(async () => (await messageItems(h.rt, spaceId)).map((m) => m.subject as string).sort(), (s) => s.length === 2);

    expect(before).toEqual(['Normal']);
    expect(after).toEqual(['Hello from spam', 'Normal']);
  });
});
