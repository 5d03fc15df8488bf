import { ulid } from 'ulid';
import { toMessageRecord } from '../../../shared/store/message-store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { mailHarness, messageItems, OWN_ADDRESS } from './mail-harness.js';

let dovecot: DovecotServer;
const users = Array.from({ length: 6 }, (_, i) => ({ user: `r${i}`, password: `pw-${i}` }));

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

/** A mail with the headers a rule may read; the subject doubles as its name in the assertions. */
const mail = (subject: string, over: { from?: string; to?: string; cc?: string; body?: string; headers?: string[]; attachment?: boolean } = {}) => [
  `From: ${over.from ?? 'Jane Doe <jane.doe@northwind.example>'}`,
  `To: ${over.to ?? OWN_ADDRESS}`,
  ...(over.cc ? [`Cc: ${over.cc}`] : []),
  `Subject: ${subject}`,
  `Date: ${new Date().toUTCString()}`,
  `Message-ID: <${ulid()}@mail.example>`,
  ...(over.headers ?? []),
  'MIME-Version: 1.0',
  ...(over.attachment
    ? ['Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', over.body ?? 'Hello there', '--b',
      'Content-Type: application/pdf; name="quote.pdf"', 'Content-Disposition: attachment; filename="quote.pdf"', 'Content-Transfer-Encoding: base64', '',
      Buffer.from('%PDF-1.4 quote').toString('base64'), '--b--']
    : ['Content-Type: text/plain; charset=utf-8', '', over.body ?? 'Hello there']),
  '',
].join('\r\n');

/** Saves the Space's rules, syncs the user's mailbox through Dovecot and links everything; returns the stored items by subject. */
async function importUnder(user: { user: string; password: string }, rules: Record<string, unknown> | ((mailboxId: string) => Record<string, unknown>), mails: string[],
  seed: (h: Awaited<ReturnType<typeof mailHarness>>) => Promise<void> = async () => {}) {
  const spaceId = newSpaceId();
  const h = await mailHarness(spaceId);
  await seed(h);
  await dovecot.appendMessages(user.user, 'INBOX', mails);
  const mailbox = await h.connect(dovecot, user);
  const input = typeof rules === 'function' ? rules(mailbox.id) : rules;
  await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: ulid() }, mailRulesSchema.parse(input), 0);
  await h.sync(mailbox.id);
  const outcomes = await h.drain();
  const items = await messageItems(h.rt, spaceId);
  const bySubject = new Map(items.map((m) => [m.subject as string, m]));
  return { h, spaceId, mailbox, outcomes, items, bySubject };
}

describe('mail rules applied by the pipeline (real Dovecot, DynamoDB Local, s3rver)', () => {
  it('applies each exclusion field, operator and action to real mail', async () => {
    let janeId = '';
    const rules = { exclusions: [
      { id: 'newsletters', field: 'subject', operator: 'contains', value: 'newsletter', action: 'skip' },
      { id: 'alerts', field: 'from', operator: 'domain_is', value: 'alerts.example', action: 'skip' },
      { id: 'hr-copy', field: 'cc', operator: 'equals', value: 'hr@northwind.example', action: 'no_link' },
      { id: 'confidential', field: 'body', operator: 'contains', value: 'CONFIDENTIAL', action: 'skip' },
      { id: 'lists', field: 'header', header: 'list-id', operator: 'contains', value: 'announce', action: 'no_link' },
      { id: 'tickets', field: 'subject', operator: 'regex', value: '^\\[ticket #\\d+\\]', action: 'no_link' },
      { id: 'to-billing', field: 'to', operator: 'contains', value: 'billing@', action: 'skip' },
    ] };

    const run = await importUnder(users[0]!, rules, [
      mail('Order for widgets'),
      mail('Our November Newsletter'),
      mail('Disk alert', { from: 'monitor@alerts.example' }),
      mail('Salary question', { cc: 'HR@northwind.example' }),
      mail('Contract terms', { body: 'This is confidential, do not share.' }),
      mail('Product announcement', { headers: ['List-Id: Northwind announce <announce.northwind.example>'] }),
      mail('[Ticket #4711] printer jam'),
      mail('Invoice copy', { to: 'billing@acme-supplies.example' }),
    ], async (h) => { janeId = await h.addContact('Jane Doe', ['jane.doe@northwind.example']); });

    expect([...run.bySubject.keys()].sort()).toEqual(['Order for widgets', 'Product announcement', 'Salary question', '[Ticket #4711] printer jam']);
    expect(run.outcomes.filter((o) => o.status === 'skipped').map((o) => ('rules' in o ? o.rules : [])).flat().sort())
      .toEqual(['exclusion:alerts', 'exclusion:confidential', 'exclusion:newsletters', 'exclusion:to-billing']);
    expect(run.bySubject.get('Order for widgets')).toMatchObject({ contactIds: [janeId] });
    expect(run.bySubject.get('Salary question')).toMatchObject({ contactIds: [], companyIds: [], ruleReasons: ['exclusion:hr-copy'] });
    expect(run.bySubject.get('Product announcement')).toMatchObject({ contactIds: [], companyIds: [], ruleReasons: ['exclusion:lists'] });
    expect(run.bySubject.get('[Ticket #4711] printer jam')).toMatchObject({ contactIds: [], ruleReasons: ['exclusion:tickets'] });
    const activity = await run.h.rt.activities.listActivity(run.spaceId, { kind: 'contact', id: janeId }, 50);
    expect(activity.items.map((a) => a.subject).sort()).toEqual(['Order for widgets']);
  });

  it('imports nothing from, to or copied to a blocked address or domain', async () => {
    const run = await importUnder(users[1]!, { blocklist: ['@spam.example', 'ex-partner@northwind.example'] }, [
      mail('Kept'),
      mail('Buy now', { from: 'promo@SPAM.example' }),
      mail('Still here', { from: 'ex-partner@northwind.example' }),
      mail('Copied', { cc: 'Ex <ex-partner@northwind.example>' }),
      mail('Lookalike domain kept', { from: 'a@notspam.example' }),
    ]);

    expect([...run.bySubject.keys()].sort()).toEqual(['Kept', 'Lookalike domain kept']);
  });

  it('imports 0 unrelated messages from a mixed mailbox under only_linkable', async () => {
    let companyId = '';
    const run = await importUnder(users[2]!, { importPolicy: 'only_linkable' }, [
      mail('From a contact'),
      mail('From a contact with a plus tag', { from: 'jane.doe+orders@northwind.example' }),
      mail('From a company domain', { from: 'buyer@contoso.example' }),
      mail('Stranger 1', { from: 'someone@random.example' }),
      mail('Stranger 2', { from: 'x@gmail.com' }),
      mail('Colleague', { from: 'pat@acme-supplies.example' }),
      mail('Stranger with a known company in a free-mail domain', { from: 'y@yahoo.com' }),
    ], async (h) => {
      await h.addContact('Jane Doe', ['jane.doe@northwind.example']);
      companyId = await h.addCompany('Contoso', ['contoso.example']);
    });

    expect([...run.bySubject.keys()].sort()).toEqual(['From a company domain', 'From a contact', 'From a contact with a plus tag']);
    expect(run.bySubject.get('From a company domain')).toMatchObject({ companyIds: [companyId] });
  });

  it('keeps unrelated mail as headers only when the policy says so, without body, snippet or attachments', async () => {
    const run = await importUnder(users[3]!, { importPolicy: 'only_linkable', unlinkableMail: 'headers_only' }, [
      mail('Related', { attachment: true, body: 'Please quote' }),
      mail('Unrelated', { from: 'someone@random.example', attachment: true, body: 'Secret plans' }),
    ], async (h) => { await h.addContact('Jane Doe', ['jane.doe@northwind.example']); });

    // The message item keeps no text (textTruncated: the text is in the bucket); a headers-only mail has none anywhere.
    expect(toMessageRecord(run.bySubject.get('Related')!)).toMatchObject({ textTruncated: true, attachments: [expect.objectContaining({ filename: 'quote.pdf' })] });
    expect(run.bySubject.get('Unrelated')!.textTruncated).toBeUndefined();
    expect(toMessageRecord(run.bySubject.get('Unrelated')!)).toMatchObject({
      kept: 'headers', text: '', snippet: '', hasHtml: false, attachments: [], from: { address: 'someone@random.example' }, ruleReasons: ['import-policy:only_linkable'],
    });
  });

  it('never makes an internal address a customer: the mailbox domain and configured internal domains', async () => {
    const run = await importUnder(users[4]!, { internalDomains: ['acme-group.example'] }, [
      mail('From a colleague', { from: 'pat@acme-supplies.example' }),
      mail('From the group', { from: 'lee@mail.acme-group.example' }),
      mail('From a customer', { from: 'buyer@contoso.example' }),
    ], async (h) => {
      await h.addCompany('Acme (entered by mistake)', ['acme-supplies.example']);
      await h.addCompany('Acme Group', ['acme-group.example']);
      await h.addContact('Lee', ['lee@mail.acme-group.example']);
      await h.addCompany('Contoso', ['contoso.example']);
    });

    expect(run.bySubject.get('From a colleague')).toMatchObject({ contactIds: [], companyIds: [] });
    expect(run.bySubject.get('From the group')).toMatchObject({ contactIds: [], companyIds: [] });
    expect((run.bySubject.get('From a customer')!.companyIds as string[])).toHaveLength(1);
  });

  it('applies a mailbox override on top of the Space rules and leaves other mailboxes alone', async () => {
    const run = await importUnder(users[5]!, (mailboxId) => ({
      importPolicy: 'only_linkable',
      mailboxes: [{ mailboxId, importPolicy: 'all', exclusions: [{ field: 'subject', operator: 'contains', value: 'lunch', action: 'skip' }] }],
    }), [
      mail('Unrelated but this mailbox imports all', { from: 'someone@random.example' }),
      mail('Lunch on Friday?'),
    ]);
    const other = await importUnder(users[5]!, { importPolicy: 'only_linkable', mailboxes: [{ mailboxId: 'another-mailbox', importPolicy: 'all' }] }, []);

    expect([...run.bySubject.keys()]).toEqual(['Unrelated but this mailbox imports all']);
    expect(other.items).toHaveLength(0);
  });
});
