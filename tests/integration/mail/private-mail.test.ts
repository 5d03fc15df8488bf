import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { mailHarness, messageItems, OWN_ADDRESS } from './mail-harness.js';

let dovecot: DovecotServer;
const users = [0, 1, 2, 3].map((i) => ({ user: `p${i}`, password: `pw-${i}` }));

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

/** Words only the hidden parts of the private mail hold: no response to a non-owner may carry one. */
const SECRETS = ['Zebrafish', 'RAISE-BODY-TOKEN', 'payslip.pdf', 'PAT-BODY-TOKEN', 'terms.pdf'];

const mail = (subject: string, from: string, body: string, attachment?: string) => [
  `From: ${from}`, `To: ${OWN_ADDRESS}`, `Subject: ${subject}`, `Date: ${new Date().toUTCString()}`, `Message-ID: <${ulid()}@mail.example>`, 'MIME-Version: 1.0',
  ...(attachment
    ? ['Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', body, '--b',
      `Content-Type: application/pdf; name="${attachment}"`, `Content-Disposition: attachment; filename="${attachment}"`, 'Content-Transfer-Encoding: base64', '',
      Buffer.from('%PDF-1.4 private').toString('base64'), '--b--']
    : ['Content-Type: text/plain; charset=utf-8', '', body]),
  '',
].join('\r\n');

/** Imports mail through Dovecot and the pipeline under the given rules; returns ids by subject. */
async function importPrivateMail(user: { user: string; password: string }, rules: (ids: { mailboxId: string; patId: string }) => Record<string, unknown>) {
  const spaceId = newSpaceId();
  const h = await mailHarness(spaceId);
  const companyId = await h.addCompany('Northwind', ['northwind.example']);
  const janeId = await h.addContact('Jane Doe', ['jane.doe@northwind.example'], companyId);
  const patId = await h.addContact('Pat Lee', ['pat@hr-partner.example']);
  await dovecot.appendMessages(user.user, 'INBOX', [
    mail('Widgets order', 'Jane Doe <jane.doe@northwind.example>', 'Please send 3 widgets.'),
    mail('Salary review Zebrafish', 'Jane Doe <jane.doe@northwind.example>', 'Your RAISE-BODY-TOKEN is approved.', 'payslip.pdf'),
    mail('Contract terms', 'Pat Lee <pat@hr-partner.example>', 'Attached: PAT-BODY-TOKEN draft.', 'terms.pdf'),
  ]);
  const mailbox = await h.connect(dovecot, user);
  await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: ulid() },
    mailRulesSchema.parse(rules({ mailboxId: mailbox.id, patId })), 0);
  await h.sync(mailbox.id);
  await h.drain();
  const items = new Map((await messageItems(h.rt, spaceId)).map((m) => [m.subject as string, { id: String(m.id), threadId: String(m.threadId) }]));
  return { spaceId, companyId, janeId, patId, items };
}

/** GETs (and POSTs) a route as one caller; the 200 bodies are collected for the leak check. */
const reader = (api: Api) => {
  const seen: string[] = [];
  const call = async (method: 'get' | 'post', path: string, body?: unknown) => {
    const res = method === 'get' ? await api.get(path) : await api.post(path, body);
    if (res.status < 300) seen.push(JSON.stringify(res.body));
    return res;
  };
  return { seen, get: (path: string) => call('get', path), post: (path: string, body: unknown) => call('post', path, body) };
};

describe('private mail on every read route (real Dovecot, the local stack)', () => {
  it('shows a non-owner staff member only what each level allows, on every read route', async () => {
    const w = await importPrivateMail(users[0]!, ({ patId }) => ({
      exclusions: [{ id: 'salary', field: 'subject', operator: 'contains', value: 'salary', action: 'private' }],
      privacy: [{ scope: 'contact', id: patId, level: 'subject', ownerIds: ['staff-owner'] }],
    }));
    const salary = w.items.get('Salary review Zebrafish')!;
    const terms = w.items.get('Contract terms')!;
    const widgets = w.items.get('Widgets order')!;
    const other = reader(apiAs(w.spaceId, 'staff', 'staff-other'));
    const owner = apiAs(w.spaceId, 'staff', 'staff-owner');
    const admin = apiAs(w.spaceId, 'admin', 'admin-1');

    const threads = await other.get('/threads?limit=50');
    const inbox = await other.get('/inbox?limit=50');
    const salaryThread = await other.get(`/threads/${salary.threadId}`);
    const termsThread = await other.get(`/threads/${terms.threadId}`);
    const salaryMessage = await other.get(`/messages/${salary.id}`);
    const termsMessage = await other.get(`/messages/${terms.id}`);
    const attachment = await other.get(`/messages/${salary.id}/attachments/0`);
    const termsAttachment = await other.get(`/messages/${terms.id}/attachments/0`);
    const bySubject = await other.get('/inbox?q=zebrafish');
    const byBody = await other.get('/inbox?q=pat-body-token');
    const jane = await other.get(`/contacts/${w.janeId}/activity`);
    const company = await other.get(`/companies/${w.companyId}/activity`);
    const pat = await other.get(`/contacts/${w.patId}/activity`);
    const summary = await other.post('/assistant/thread-summary', { threadId: salary.threadId });
    const analysis = await other.post('/assistant/mail-analysis', { contactId: w.janeId });
    const draft = await other.post(`/messages/${salary.id}/draft-order`, {});

    const subjects = (items: { id?: string; subject: string; privacy?: string }[]) => items.map((i) => [i.subject, i.privacy ?? null]).sort();
    expect(subjects(threads.body.items)).toEqual([['', 'metadata'], ['Contract terms', 'subject'], ['Widgets order', null]]);
    expect(subjects(inbox.body.items)).toEqual([['', 'metadata'], ['Contract terms', 'subject'], ['Widgets order', null]]);
    expect(salaryThread.body).toMatchObject({ subject: '', snippet: '', privacy: 'metadata', messages: [{ subject: '', snippet: '', attachmentCount: 0 }] });
    expect(termsThread.body).toMatchObject({ subject: 'Contract terms', snippet: '', privacy: 'subject', messages: [{ subject: 'Contract terms', attachmentCount: 0 }] });
    expect(salaryMessage.body).toMatchObject({ subject: '', text: '', html: null, attachments: [], privacy: 'metadata', sender: { address: 'jane.doe@northwind.example' } });
    expect(termsMessage.body).toMatchObject({ subject: 'Contract terms', text: '', attachments: [], privacy: 'subject' });
    expect([attachment.status, termsAttachment.status]).toEqual([404, 404]);
    expect([bySubject.body.items, byBody.body.items]).toEqual([[], []]);
    expect(subjects(jane.body.items)).toEqual([['', 'metadata'], ['Widgets order', null]]);
    expect(subjects(company.body.items)).toEqual([['', 'metadata'], ['Widgets order', null]]);
    expect(subjects(pat.body.items)).toEqual([['Contract terms', 'subject']]);
    expect([summary.status, analysis.status, draft.status]).toEqual([404, 200, 404]);
    expect(other.seen.join('\n')).not.toMatch(new RegExp(SECRETS.join('|'), 'i'));

    const ownerTerms = await owner.get(`/messages/${terms.id}`);
    const ownerSalary = await owner.get(`/messages/${salary.id}`);
    const adminSalary = await admin.get(`/messages/${salary.id}`);
    const adminAttachment = await admin.get(`/messages/${salary.id}/attachments/0`);
    const adminSearch = await admin.get('/inbox?q=zebrafish');
    const adminSummary = await admin.post('/assistant/thread-summary', { threadId: salary.threadId });
    expect(ownerTerms.body).toMatchObject({ subject: 'Contract terms', text: expect.stringContaining('PAT-BODY-TOKEN'), attachments: [{ filename: 'terms.pdf' }] });
    expect(ownerTerms.body.privacy).toBeUndefined();
    expect(ownerSalary.body).toMatchObject({ subject: '', privacy: 'metadata' });
    expect(adminSalary.body).toMatchObject({ subject: 'Salary review Zebrafish', text: expect.stringContaining('RAISE-BODY-TOKEN'), attachments: [{ filename: 'payslip.pdf' }] });
    expect(adminAttachment.status).toBe(302);
    expect(adminSearch.body.items.map((t: { id: string }) => t.id)).toEqual([salary.threadId]);
    expect(adminSummary.status).toBe(200);
    expect(widgets.threadId).not.toBe(salary.threadId);
  });

  it('hides a restricted thread, its messages, its timeline lines and its audit trail from other staff', async () => {
    const w = await importPrivateMail(users[1]!, () => ({}));
    const widgets = w.items.get('Widgets order')!;
    const admin = apiAs(w.spaceId, 'admin', 'admin-1');
    const other = apiAs(w.spaceId, 'staff', 'staff-other');
    const restricted = await admin.patch(`/threads/${widgets.threadId}`, { restricted: true }, { headers: { 'if-match': '"0"' } });

    const audit = await other.get(`/audit?entity=thread:${widgets.threadId}`);
    const adminAudit = await admin.get(`/audit?entity=thread:${widgets.threadId}`);
    const thread = await other.get(`/threads/${widgets.threadId}`);
    const message = await other.get(`/messages/${widgets.id}`);
    const jane = await other.get(`/contacts/${w.janeId}/activity`);
    const threads = await other.get('/threads?limit=50');

    expect(restricted.status).toBe(200);
    expect([audit.status, thread.status, message.status]).toEqual([404, 404, 404]);
    expect(adminAudit.body.items.map((r: { action: string }) => r.action)).toEqual(['restricted']);
    expect(jane.body.items.map((i: { messageId: string }) => i.messageId)).not.toContain(widgets.id);
    expect(threads.body.items.map((t: { id: string }) => t.id)).not.toContain(widgets.threadId);
    expect(jane.body.items).toHaveLength(1);
  });

  it('hides the mail of a private mailbox from everyone but its owners', async () => {
    const w = await importPrivateMail(users[2]!, ({ mailboxId }) => ({ privacy: [{ scope: 'mailbox', id: mailboxId, ownerIds: ['staff-owner'] }] }));
    const terms = w.items.get('Contract terms')!;
    const other = reader(apiAs(w.spaceId, 'staff', 'staff-other'));
    const owner = apiAs(w.spaceId, 'staff', 'staff-owner');

    const threads = await other.get('/threads?limit=50');
    const message = await other.get(`/messages/${terms.id}`);
    const pat = await other.get(`/contacts/${w.patId}/activity`);
    const ownerMessage = await owner.get(`/messages/${terms.id}`);

    expect(threads.body.items.map((t: { subject: string; privacy?: string }) => [t.subject, t.privacy])).toEqual([['', 'metadata'], ['', 'metadata'], ['', 'metadata']]);
    expect(message.body).toMatchObject({ subject: '', text: '', attachments: [], privacy: 'metadata', sender: { address: 'pat@hr-partner.example' } });
    expect(pat.body.items).toMatchObject([{ subject: '', snippet: '', privacy: 'metadata' }]);
    expect(other.seen.join('\n')).not.toMatch(new RegExp(SECRETS.join('|'), 'i'));
    expect(ownerMessage.body).toMatchObject({ subject: 'Contract terms', text: expect.stringContaining('PAT-BODY-TOKEN') });
  });

  it('marks one thread private by hand: admins and the assignee only, every read route honours it, clearing it shows all again', async () => {
    const w = await importPrivateMail(users[3]!, () => ({}));
    const terms = w.items.get('Contract terms')!;
    const admin = apiAs(w.spaceId, 'admin', 'admin-1');
    const assignee = apiAs(w.spaceId, 'staff', 'staff-assignee');
    const other = reader(apiAs(w.spaceId, 'staff', 'staff-other'));
    const byStaff = await apiAs(w.spaceId, 'staff', 'staff-other').patch(`/threads/${terms.threadId}`, { privacy: 'metadata' }, { headers: { 'if-match': '"0"' } });
    const assigned = await admin.patch(`/threads/${terms.threadId}`, { assigneeId: 'staff-assignee' }, { headers: { 'if-match': '"0"' } });

    const marked = await assignee.patch(`/threads/${terms.threadId}`, { privacy: 'metadata' }, { headers: { 'if-match': '"1"' } });
    const thread = await other.get(`/threads/${terms.threadId}`);
    const message = await other.get(`/messages/${terms.id}`);
    const attachment = await other.get(`/messages/${terms.id}/attachments/0`);
    const search = await other.get('/inbox?q=contract');
    const pat = await other.get(`/contacts/${w.patId}/activity`);
    const assigneeMessage = await assignee.get(`/messages/${terms.id}`);
    const cleared = await admin.patch(`/threads/${terms.threadId}`, { privacy: null }, { headers: { 'if-match': '"2"' } });
    const afterMessage = await apiAs(w.spaceId, 'staff', 'staff-other').get(`/messages/${terms.id}`);
    const trail = await admin.get(`/audit?entity=thread:${terms.threadId}`);

    expect(byStaff).toMatchObject({ status: 403 });
    expect([assigned.status, marked.status, cleared.status]).toEqual([200, 200, 200]);
    expect(thread.body).toMatchObject({ subject: '', snippet: '', privacy: 'metadata' });
    expect(message.body).toMatchObject({ subject: '', text: '', attachments: [], privacy: 'metadata', sender: { address: 'pat@hr-partner.example' } });
    expect(attachment.status).toBe(404);
    expect(search.body.items).toEqual([]);
    expect(pat.body.items).toMatchObject([{ subject: '', snippet: '', privacy: 'metadata' }]);
    expect(other.seen.join('\n')).not.toMatch(/PAT-BODY-TOKEN|terms\.pdf|Contract terms/);
    expect(assigneeMessage.body).toMatchObject({ subject: 'Contract terms', text: expect.stringContaining('PAT-BODY-TOKEN') });
    expect(afterMessage.body).toMatchObject({ subject: 'Contract terms', text: expect.stringContaining('PAT-BODY-TOKEN'), attachments: [{ filename: 'terms.pdf' }] });
    expect(trail.body.items.map((r: { action: string; userId: string }) => [r.action, r.userId])).toEqual([
      ['unmarked-private', 'admin-1'], ['marked-private', 'staff-assignee'], ['assigned', 'admin-1'],
    ]);
  });
});
