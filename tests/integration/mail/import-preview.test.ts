import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import { requestPreview, runPreview } from '../../../shared/domain/threads/preview-job.js';
import type { PreviewJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import { previewWith } from '../../../shared/deps/preview-worker.js';
import type { MailRuntime } from '../../../shared/deps/mail-runtime.js';
import { createPreviewStore } from '../../../shared/store/preview-store.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { mailHarness, OWN_ADDRESS } from './mail-harness.js';

let dovecot: DovecotServer;
const users = [{ user: 'p0', password: 'pw-0' }, { user: 'p1', password: 'pw-1' }];

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

const mail = (subject: string, o: { from?: string; to?: string; id?: string; inReplyTo?: string } = {}) => [
  `From: ${o.from ?? 'Jane Doe <jane.doe@northwind.example>'}`, `To: ${o.to ?? OWN_ADDRESS}`, `Subject: ${subject}`,
  `Date: ${new Date().toUTCString()}`, `Message-ID: <${o.id ?? ulid()}@mail.example>`,
  ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}@mail.example>`, `References: <${o.inReplyTo}@mail.example>`] : []),
  'Content-Type: text/plain; charset=utf-8', '', 'Hello there', '',
].join('\r\n');

/** Test-only: every item of a Space by entity (a Scan is fine here, never on a request path). */
async function itemsByEntity(rt: MailRuntime, spaceId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await rt.table.client.send(new ScanCommand({
      TableName: rt.table.table, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': `space#${spaceId}` }, ExclusiveStartKey: start,
    }));
    for (const item of out.Items ?? []) counts.set(String(item.entity), (counts.get(String(item.entity)) ?? 0) + 1);
    start = out.LastEvaluatedKey;
  } while (start);
  return counts;
}
const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

describe('first-import preview (real Dovecot, DynamoDB Local, s3rver)', () => {
  it('reports what the first sync then creates, under a blocklist, a skip exclusion and a capture policy, writing only its answer', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const janeId = await h.addContact('Jane Doe', ['jane.doe@northwind.example']);
    const first = ulid();
    await dovecot.appendMessages('p0', 'INBOX', [
      mail('Quote please', { id: first }),
      mail('Re: Quote please', { inReplyTo: first }),
      mail('Cheap watches', { from: 'spam@spam.example' }),
      mail('Our newsletter, November', { from: 'Ann <ann@fabrikam.example>' }),
      mail('New customer asks', { from: 'Kim Park <kim@contoso.example>' }),
      mail('Colleague of Kim', { from: 'Lee Chan <lee@contoso.example>' }),
      mail('From a free-mail person', { from: '"Smith, Bob" <bob.smith@gmail.com>' }),
    ]);
    await dovecot.appendMessages('p0', 'INBOX', [mail('Old news', { from: 'Old <old@oldco.example>' })], { date: new Date(Date.now() - 60 * 86_400_000) });
    await dovecot.appendMessages('p0', 'Sent', [
      mail('Our offer', { from: OWN_ADDRESS, to: 'Frank Ocean <frank@litware.example>' }),
      mail('Question to a role address', { from: OWN_ADDRESS, to: 'info@adatum.example' }),
    ]);
    const mailbox = await h.connect(dovecot, users[0]!);
    await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: ulid() }, mailRulesSchema.parse({
      blocklist: ['@spam.example'],
      exclusions: [{ id: 'newsletters', field: 'subject', operator: 'contains', value: 'newsletter', action: 'skip' }],
      contactCreation: { policy: 'sent_and_received', review: false },
    }), 0);
    const before = await itemsByEntity(h.rt, spaceId);

    const previews = createPreviewStore(h.rt.table);
    const queued: PreviewJob[] = [];
    const asked = await requestPreview({ mailboxes: h.rt.mailboxes, previews, syncQueue: { send: async (j) => { queued.push(j); } }, newId: ulid, now: () => new Date(), defaultDays: 30 },
      { spaceId, mailboxId: mailbox.id, correlationId: 'test' });
    const answered = await runPreview({ ...h.rt, previews, preview: (m, s, d) => previewWith(h.rt)(m, s, d), timeBudgetMs: 90_000 }, queued[0]!);
    const after = await itemsByEntity(h.rt, spaceId);
    const preview = (await previews.getPreview(spaceId, mailbox.id, asked.id)).result!;

    expect(answered?.status).toBe('done');
    expect(total(after)).toBe(total(before) + 1);
    expect(after.get('mailbox-preview')).toBe(1);
    expect(preview).toMatchObject({
      historyDays: 30, inWindow: 9, scanned: { messages: 9 },
      creates: { messages: 7, threads: 6, contacts: 4, companies: 2, pendingCaptures: 0, headersOnly: 0, private: 0 },
      linksExisting: { contacts: 1, companies: 0 }, alreadyImported: 0,
      skipped: { total: 2, byRule: expect.arrayContaining([{ rule: 'blocklist:spam@spam.example', messages: 1 }, { rule: 'exclusion:newsletters', messages: 1 }]) },
    });
    expect(preview.stoppedAt).toBeUndefined();

    await h.sync(mailbox.id);
    const outcomes = await h.drain();
    const synced = await itemsByEntity(h.rt, spaceId);
    const created = (entity: string) => (synced.get(entity) ?? 0) - (before.get(entity) ?? 0);

    console.log('preview vs first sync', JSON.stringify({ preview: preview.creates, sync: { messages: created('message'), threads: created('thread'), contacts: created('contact'), companies: created('company') } }));
    expect(created('message')).toBe(preview.creates.messages);
    expect(created('thread')).toBe(preview.creates.threads);
    expect(created('contact')).toBe(preview.creates.contacts);
    expect(created('company')).toBe(preview.creates.companies);
    expect(outcomes.filter((o) => o.status === 'skipped').length).toBe(preview.skipped.total);
    expect(janeId).toBeTruthy();
  });

  it('stops at the message cap, says so, and counts only what it read', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('p1', 'INBOX', Array.from({ length: 5 }, (_, n) => mail(`Order ${n}`, { from: `Buyer ${n} <buyer${n}@shop${n}.example>` })));
    const mailbox = await h.connect(dovecot, users[1]!, [{ path: 'INBOX', role: 'inbox' }]);
    const session = await h.rt.imap.openSession(mailbox, users[1]!.password);

    const preview = await previewWith(h.rt, { maxMessages: 3 })(mailbox, session, 30).finally(() => session.close());

    expect(preview).toMatchObject({ inWindow: 5, scanned: { messages: 3 }, stoppedAt: 'messages', limits: { maxMessages: 3 }, creates: { messages: 3, threads: 3 } });
  });
});
