import { simpleParser } from 'mailparser';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { localStack, useLocalStackEnv } from '../../support/local-stack.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';
import { aMail } from '../mail/mail-harness.js';

const imapUser = { user: 'reply-smtp', password: 'reply-smtp-CANARY-password' };
const spaceId = newSpaceId();
const parentId = `${ulid()}@northwind.example`;
let dovecot: DovecotServer;
let smtp: SmtpSink;
let admin: Api;
let staff: Api;
let threadId: string;
let mailboxId: string;

const ifMatch = async () => ({ headers: { 'if-match': `"${(await admin.get(`/mailboxes/${mailboxId}`)).body.version}"` } });
const putSmtp = async (body: Record<string, unknown>) => admin.put(`/mailboxes/${mailboxId}/smtp`, body, await ifMatch());
const sentFolder = async () => (await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', imapUser.user, 'hdr.message-id', 'mailbox', 'Sent', 'all'])).trim();
const sesMailsTo = async (address: string) => {
  const { emails } = (await (await fetch(`${localStack().endpoints.ses}/store`)).json()) as { emails: { destination: { to: string[] } }[] };
  return emails.filter((e) => e.destination.to.includes(address)).length;
};
const syncOnce = async () => {
  const before = (await admin.get(`/mailboxes/${mailboxId}`)).body.lastSyncAt;
  await admin.post(`/mailboxes/${mailboxId}/sync`);
  return eventually(() => admin.get(`/mailboxes/${mailboxId}`), (r) => r.body.lastSyncAt !== before, 60_000);
};

beforeAll(async () => {
  useLocalStackEnv();
  admin = apiAs(spaceId, 'admin');
  staff = apiAs(spaceId, 'staff', 'staff-1');
  [dovecot, smtp] = await Promise.all([
    startDovecot({ users: [imapUser] }),
    startSmtpSink({ users: { [imapUser.user]: imapUser.password }, refuse: (a) => a.startsWith('nobody@') }),
  ]);
  await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ id: parentId.split('@')[0], subject: 'Order 77', from: 'Jane Doe <jane.doe@northwind.example>', inReplyTo: 'root-77@northwind.example' }));
  const connected = await admin.post('/mailboxes', {
    host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: imapUser.user, password: imapUser.password,
    addresses: ['sales@acme-supplies.example'],
  });
  expect(connected.status).toBe(201);
  mailboxId = connected.body.id;
  const threads = await eventually(() => staff.get('/threads?limit=10'), (r) => r.body.items?.length === 1, 80_000);
  threadId = threads.body.items[0].id;
  await eventually(() => staff.get(`/threads/${threadId}`), (r) => r.body.messages?.length === 1, 30_000);
}, 120_000);
afterAll(async () => { await Promise.all([dovecot?.stop(), smtp?.stop()]); });

describe('a reply through the mailbox\'s own SMTP server (gateway, function bundles, real Dovecot and smtp-server)', () => {
  it('saves the SMTP settings for admins only, shows them without a password and audits them', async () => {
    const body = { host: smtp.host, port: smtp.port, security: 'plain', allowInsecure: true, password: imapUser.password };

    const byStaff = await staff.put(`/mailboxes/${mailboxId}/smtp`, body, await ifMatch());
    const saved = await putSmtp(body);
    const shown = await admin.get(`/mailboxes/${mailboxId}`);
    const audit = await admin.get(`/audit?entity=mailbox:${mailboxId}`);

    expect(byStaff.status).toBe(403);
    expect(saved.status).toBe(200);
    expect(shown.body.smtp).toEqual({ host: '127.0.0.1', port: smtp.port, security: 'plain', allowInsecure: true, auth: 'mailbox', username: imapUser.user, appendToSent: true });
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'update', changes: { smtp: { old: null, new: shown.body.smtp } } })]);
    expect(JSON.stringify([saved.body, shown.body, audit.body])).not.toContain('CANARY');
  });

  it('sends the reply through SMTP (threading headers, envelope), not SES; Sent holds it once and the next sync adds no duplicate', async () => {
    const rcpt = `jane.${ulid().toLowerCase()}@northwind.example`;

    const reply = await staff.post(`/threads/${threadId}/reply`, { text: 'Thanks, Jane.\nIt ships tomorrow.', to: [rcpt], cc: ['ops@northwind.example'] }, { headers: { 'idempotency-key': `smtp-${ulid()}` } });
    if (reply.status !== 201) console.log('reply answered', reply.status, reply.body);
    expect(reply.status).toBe(201);
    const thread = await eventually(() => staff.get(`/threads/${threadId}`), (r) => r.body.messages?.some((m: { id: string }) => m.id === reply.body.id), 60_000);
    await syncOnce();
    const again = await staff.get(`/threads/${threadId}`);
    const received = smtp.received.filter((m) => m.to.includes(rcpt));
    const parsed = await simpleParser(received[0]!.raw);
    const inSent = (await sentFolder()).split('\n').filter((line) => line.includes(reply.body.messageId));
    const ses = await sesMailsTo(rcpt);
    console.log('reply through SMTP:', { smtpReceived: received.length, sesMails: ses, inSent: inSent.length, threadMessages: again.body.messages.length });

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: 'sales@acme-supplies.example', to: [rcpt, 'ops@northwind.example'], user: imapUser.user });
    expect(parsed.messageId).toBe(`<${reply.body.messageId}>`);
    expect(parsed.inReplyTo).toBe(`<${parentId}>`);
    expect(parsed.references).toEqual(['<root-77@northwind.example>', `<${parentId}>`]);
    expect(parsed.from?.value.map((a) => a.address)).toEqual(['sales@acme-supplies.example']);
    expect(parsed.replyTo?.value.map((a) => a.address)).toEqual(['sales@acme-supplies.example']);
    expect(ses).toBe(0);
    expect(inSent).toHaveLength(1);
    expect(again.body.messages).toHaveLength(thread.body.messages.length);
  }, 120_000);

  it('answers 502 smtp-auth-failed when the SMTP server refuses the login, and sends nothing', async () => {
    const saved = await putSmtp({ host: smtp.host, port: smtp.port, security: 'plain', allowInsecure: true, auth: 'separate', username: imapUser.user, password: 'wrong-CANARY' });
    const before = smtp.received.length;
    const sentBefore = await sentFolder();

    const reply = await staff.post(`/threads/${threadId}/reply`, { text: 'Hello', to: ['jane.doe@northwind.example'] });

    expect(saved.status).toBe(200);
    expect(reply.status).toBe(502);
    expect(reply.body).toMatchObject({ type: expect.stringMatching(/smtp-auth-failed$/), replyCode: 535 });
    expect(JSON.stringify(reply.body)).not.toContain('CANARY');
    expect(smtp.received).toHaveLength(before);
    expect(smtp.logins.at(-1)).toEqual({ user: imapUser.user, method: expect.any(String), accepted: false });
    expect(await sentFolder()).toBe(sentBefore);
  });

  it('answers 502 smtp-send-failed with the reply code when the server refuses the recipient', async () => {
    const saved = await putSmtp({ host: smtp.host, port: smtp.port, security: 'plain', allowInsecure: true, password: imapUser.password });
    const before = smtp.received.length;

    const reply = await staff.post(`/threads/${threadId}/reply`, { text: 'Hello', to: ['nobody@northwind.example'] });

    expect(saved.status).toBe(200);
    expect(reply.status).toBe(502);
    expect(reply.body).toMatchObject({ type: expect.stringMatching(/smtp-send-failed$/), kind: 'rejected', replyCode: 550 });
    expect(smtp.received).toHaveLength(before);
  });

  it('goes back to SES once the SMTP settings are removed', async () => {
    const rcpt = `jane.${ulid().toLowerCase()}@northwind.example`;
    const removed = await admin.delete(`/mailboxes/${mailboxId}/smtp`, await ifMatch());
    const before = smtp.received.length;

    const reply = await staff.post(`/threads/${threadId}/reply`, { text: 'Hello again', to: [rcpt] });

    expect(removed.status).toBe(200);
    expect(removed.body.smtp).toBeUndefined();
    expect(reply.status).toBe(201);
    expect(await sesMailsTo(rcpt)).toBe(1);
    expect(smtp.received).toHaveLength(before);
  });
});
