import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { aCompanyBody } from '../../support/builders.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { aMail, mailHarness } from '../mail/mail-harness.js';

const imapUser = { user: 'merge-relink', password: 'merge-relink-password' };
const spaceId = newSpaceId();
let dovecot: DovecotServer;
let admin: Api;

beforeAll(async () => {
  admin = apiAs(spaceId, 'admin', 'admin-1');
  dovecot = await startDovecot({ users: [imapUser] });
  await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ subject: 'Drill quote', from: 'Carl <carl@vance-tools.example>' }));
  await dovecot.appendMessage(imapUser.user, 'INBOX', aMail({ subject: 'EU invoice', from: 'Eva <eva@vance-eu.example>' }));
}, 60_000);
afterAll(async () => { await dovecot?.stop(); });

const mailLines = async (companyId: string) => ((await admin.get(`/companies/${companyId}/activity?limit=10`)).body.items as { kind: string; subject?: string; provenance?: { kind: string } }[])
  .filter((i) => i.kind === 'mail').map((i) => [i.subject, i.provenance?.kind]).sort();

describe('merging companies gives the survivor the past mail of all its domains (gateway, link poller)', () => {
  it('relinks the mail of a domain the merged company brought, which nobody had linked to it', async () => {
    const h = await mailHarness(spaceId);
    const mailbox = await h.connect(dovecot, imapUser);
    await h.sync(mailbox.id);
    await h.drain();
    // A company saved before domain relinks existed: it owns the domain, its past mail is on nobody's timeline.
    const euId = await h.addCompany('Vance EU', ['vance-eu.example']);
    const master = await admin.post('/companies', aCompanyBody({ name: 'Vance Tools', domains: ['vance-tools.example'] }));
    await eventually(() => mailLines(master.body.id), (lines) => lines.length === 1, 60_000);
    const before = { master: await mailLines(master.body.id), eu: await mailLines(euId) };

    const merged = await admin.post('/companies/merge', { masterId: master.body.id, mergedIds: [euId], preview: false });
    const after = await eventually(() => mailLines(master.body.id), (lines) => lines.length === 2, 60_000).catch(() => undefined);
    const audit = await admin.get(`/audit?entity=company:${String(master.body.id)}&limit=20`);

    expect(before).toEqual({ master: [['Drill quote', 'company_domain']], eu: [] });
    expect(merged.status).toBe(200);
    expect(merged.body.record.domains.sort()).toEqual(['vance-eu.example', 'vance-tools.example']);
    expect(after).toEqual([['Drill quote', 'company_domain'], ['EU invoice', 'company_domain']]);
    expect((audit.body.items as { action: string; details?: { domain?: string } }[]).filter((a) => a.action === 'mail-relinked').map((a) => a.details?.domain).sort())
      .toContain('vance-eu.example');
  }, 240_000);
});
