import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { aCompanyBody } from '../../support/builders.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { aMail } from '../mail/mail-harness.js';

const imapUser = { user: 'company-relink', password: 'company-relink-password' };
const spaceId = newSpaceId();
let dovecot: DovecotServer;
let admin: Api;

beforeAll(async () => {
  useLocalStackEnv();
  admin = apiAs(spaceId, 'admin', 'admin-1');
  dovecot = await startDovecot({ users: [imapUser] });
  await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ subject: 'Quote for drills', from: 'Carl Vance <carl@vance-tools.example>' }));
  await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ subject: 'Spare parts', from: 'Vera Vance <vera@vance-tools.example>' }));
  const connected = await admin.post('/mailboxes', {
    host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: imapUser.user, password: imapUser.password,
    addresses: ['sales@acme-supplies.example'],
  });
  expect(connected.status).toBe(201);
  const listed = await eventually(() => admin.get('/threads?limit=10'), (r) => r.body.items?.length === 2, 80_000);
  // A message is readable once the linker wrote it last, so no mail is still being linked when the company is created.
  for (const t of listed.body.items as { id: string }[]) {
    const detail = await eventually(() => admin.get(`/threads/${t.id}`), (r) => r.body.messages?.length === 1, 30_000);
    await eventually(() => admin.get(`/messages/${detail.body.messages[0].id}`), (r) => r.status === 200, 30_000);
  }
}, 150_000);
afterAll(async () => { await dovecot?.stop(); });

describe('a company created or given a domain gets its past mail (gateway, link poller)', () => {
  it('puts the mail of the domain on the new company\'s timeline as company_domain, audited once on the company', async () => {
    const created = await admin.post('/companies', aCompanyBody({ name: 'Vance Tools', domains: ['vance-tools.example'] }));
    expect(created.status).toBe(201);

    const activity = await eventually(() => admin.get(`/companies/${created.body.id}/activity?limit=10`),
      (r) => r.body.items?.filter((i: { kind: string }) => i.kind === 'mail').length === 2, 60_000);
    const audit = await eventually(() => admin.get(`/audit?entity=company:${created.body.id}&limit=10`),
      (r) => r.body.items?.some((a: { action: string }) => a.action === 'mail-relinked'), 30_000);

    expect(activity.body.items.map((i: { subject?: string; provenance?: { kind: string } }) => [i.subject, i.provenance?.kind]).sort())
      .toEqual([['Quote for drills', 'company_domain'], ['Spare parts', 'company_domain']]);
    expect(audit.body.items.filter((a: { action: string }) => a.action === 'mail-relinked').map((a: { details: unknown }) => a.details))
      .toEqual([{ domain: 'vance-tools.example', threadsScanned: 2, messages: 2 }]);
  }, 120_000);
});
