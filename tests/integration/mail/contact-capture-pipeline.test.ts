import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf } from '../../../shared/domain/audit/audit-entry.js';
import { systemRuntime } from '../../../shared/domain/audit/system-runtime.js';
import type { Company } from '../../../shared/domain/companies/company.js';
import { captureIdOf } from '../../../shared/domain/contacts/capture.js';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import { createCaptureStore } from '../../../shared/store/capture-store.js';
import { createCompanyStore } from '../../../shared/store/company-store.js';
import { createContactStore } from '../../../shared/store/contact-store.js';
import { createCustomerStatsStore } from '../../../shared/store/customer-stats-store.js';
import { createCustomerViewStore } from '../../../shared/store/customer-view-store.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { mailHarness, messageItems, OWN_ADDRESS } from './mail-harness.js';

let dovecot: DovecotServer;
const users = Array.from({ length: 5 }, (_, i) => ({ user: `c${i}`, password: `pw-${i}` }));

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

const mail = (subject: string, o: { from?: string; to?: string; headers?: string[] } = {}) => [
  `From: ${o.from ?? 'Jane Doe <jane.doe@northwind.example>'}`, `To: ${o.to ?? OWN_ADDRESS}`, `Subject: ${subject}`,
  `Date: ${new Date().toUTCString()}`, `Message-ID: <${ulid()}@mail.example>`, ...(o.headers ?? []),
  'Content-Type: text/plain; charset=utf-8', '', 'Hello there', '',
].join('\r\n');

/** Saves the rules, puts mail in INBOX and Sent of the user's Dovecot mailbox, syncs and links it all. */
async function importUnder(user: { user: string; password: string }, contactCreation: Record<string, unknown>, inbox: string[], sent: string[] = [],
  seed: (spaceId: string, h: Awaited<ReturnType<typeof mailHarness>>) => Promise<void> = async () => {}) {
  const spaceId = newSpaceId();
  const h = await mailHarness(spaceId);
  await seed(spaceId, h);
  await dovecot.appendMessages(user.user, 'INBOX', inbox);
  await dovecot.appendMessages(user.user, 'Sent', sent);
  const mailbox = await h.connect(dovecot, user);
  await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: ulid() }, mailRulesSchema.parse({ contactCreation }), 0);
  await h.sync(mailbox.id);
  await h.drain();
  const items = await messageItems(h.rt, spaceId);
  const contacts = createContactStore(h.rt.table);
  const contactOf = async (address: string) => contacts.findContactByEmail(spaceId, address);
  return { h, spaceId, bySubject: new Map(items.map((m) => [m.subject as string, m])), contactOf };
}

describe('contact capture by the pipeline (real Dovecot, DynamoDB Local, s3rver)', () => {
  it('creates contacts and companies at once from received and sent mail through a chosen address', async () => {
    const run = await importUnder(users[0]!, { policy: 'sent_and_received', receivingAddresses: [OWN_ADDRESS], review: false }, [
      mail('Quote please'),
      mail('From a free-mail person', { from: '"Smith, Bob" <bob.smith@gmail.com>' }),
      mail('From a role address', { from: 'info@contoso.example' }),
      mail('Out of office', { from: 'Carl <carl@fabrikam.example>', headers: ['Auto-Submitted: auto-replied'] }),
      mail('List post', { from: 'Dana <dana@lists.example>', headers: ['List-Id: <news.lists.example>'] }),
      mail('To another address of ours', { from: 'Erin <erin@tailspin.example>', to: 'pat@acme-supplies.example' }),
    ], [
      mail('Our offer', { from: OWN_ADDRESS, to: 'Frank Ocean <frank@litware.example>' }),
    ]);

    const jane = await run.contactOf('jane.doe@northwind.example');
    expect(jane).toMatchObject({ name: 'Jane Doe', capturedFrom: { subject: 'Quote please', direction: 'inbound', via: 'automatic' } });
    const northwind = await createCompanyStore(run.h.rt.table).findCompanyByDomain(run.spaceId, 'northwind.example');
    expect(northwind).toMatchObject({ name: 'Northwind', domains: ['northwind.example'] });
    expect(jane!.companyId).toBe(northwind!.id);
    // A captured company is a customer like any other: it is listed in the company views.
    const listed = await createCustomerViewStore(run.h.rt.table).listCompanies(run.spaceId, { facets: ['all'] }, { limit: 50 });
    expect(listed.items.map((c) => c.id)).toContain(northwind!.id);
    expect(run.bySubject.get('Quote please')).toMatchObject({ contactIds: [jane!.id], companyIds: [northwind!.id] });
    const bob = await run.contactOf('bob.smith@gmail.com');
    expect(bob).toMatchObject({ name: 'Bob Smith' });
    expect(bob!.companyId).toBeUndefined();
    expect(await run.contactOf('frank@litware.example')).toMatchObject({ name: 'Frank Ocean', capturedFrom: { direction: 'outbound' } });
    for (const address of ['info@contoso.example', 'carl@fabrikam.example', 'dana@lists.example', 'erin@tailspin.example']) {
      expect(await run.contactOf(address), address).toBeUndefined();
    }
  });

  it('proposes contacts from sent mail for review and creates none', async () => {
    const run = await importUnder(users[1]!, { policy: 'sent', review: true }, [
      mail('Received from a stranger', { from: 'Gina <gina@adatum.example>' }),
    ], [
      mail('Sent to a new customer', { from: OWN_ADDRESS, to: 'Hank Hill <hank@wingtip.example>' }),
    ]);

    expect(await run.contactOf('hank@wingtip.example')).toBeUndefined();
    expect(await run.contactOf('gina@adatum.example')).toBeUndefined();
    const pending = await createCaptureStore(run.h.rt.table).listPendingCaptures(run.spaceId, 10);
    expect(pending.items).toEqual([expect.objectContaining({
      id: captureIdOf(run.spaceId, 'hank@wingtip.example'), address: 'hank@wingtip.example', name: 'Hank Hill', companyDomain: 'wingtip.example', state: 'pending',
      source: expect.objectContaining({ subject: 'Sent to a new customer', direction: 'outbound', messageId: run.bySubject.get('Sent to a new customer')!.id }),
    })]);
  });

  it('creates nobody under the policy none', async () => {
    const run = await importUnder(users[2]!, { policy: 'none', review: false }, [mail('Quote please')], [
      mail('Our offer', { from: OWN_ADDRESS, to: 'Frank <frank@litware.example>' }),
    ]);

    expect(run.bySubject.size).toBe(2);
    expect(await run.contactOf('jane.doe@northwind.example')).toBeUndefined();
    expect(await run.contactOf('frank@litware.example')).toBeUndefined();
    expect((await createCaptureStore(run.h.rt.table).listPendingCaptures(run.spaceId, 10)).items).toEqual([]);
  });

  it('captures senders of a company\'s website domain and its subdomains into that company instead of creating one', async () => {
    let acmeId = '';
    const run = await importUnder(users[3]!, { policy: 'sent_and_received', review: false }, [
      mail('From the main domain', { from: 'Bob Stone <bob@acme.example>' }),
      mail('From a subdomain', { from: 'Eve Hart <eve@eu.acme.example>' }),
      mail('From a lookalike', { from: 'Tom Fox <tom@notacme.example>' }),
    ], [], async (spaceId, h) => {
      const at = new Date().toISOString();
      const acme: Company = {
        id: ulid(), spaceId, name: 'Acme Corporation', domains: [], website: 'https://www.acme.example/about', tier: 'normal', tags: [], customFields: {},
        status: 'active', createdAt: at, updatedAt: at, version: 1,
      };
      acmeId = acme.id;
      await createCompanyStore(h.rt.table).createCompany(acme, auditOf(systemRuntime, { spaceId, userId: 'admin-1', requestId: 'r' }, 'company', acme.id, 'create'));
    });
    const companies = createCompanyStore(run.h.rt.table);

    expect((await run.contactOf('bob@acme.example'))?.companyId).toBe(acmeId);
    expect((await run.contactOf('eve@eu.acme.example'))?.companyId).toBe(acmeId);
    expect(run.bySubject.get('From a subdomain')).toMatchObject({ companyIds: [acmeId] });
    expect(await companies.findCompanyByDomain(run.spaceId, 'acme.example')).toBeUndefined();
    expect(await companies.findCompanyByDomain(run.spaceId, 'eu.acme.example')).toBeUndefined();
    expect((await companies.findCompanyByDomain(run.spaceId, 'notacme.example'))?.name).toBe('Notacme');
  });

  it('gives a contact created at once the past mail of its address, once however often the jobs are redelivered', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const user = users[4]!;
    await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: ulid() },
      mailRulesSchema.parse({ contactCreation: { policy: 'sent', review: false } }), 0);
    await dovecot.appendMessages(user.user, 'INBOX', [mail('Before we knew her')]);
    const mailbox = await h.connect(dovecot, user);
    await h.sync(mailbox.id);
    await h.drain();
    await dovecot.appendMessages(user.user, 'Sent', [mail('Our offer', { from: OWN_ADDRESS, to: 'Jane Doe <jane.doe@northwind.example>' })]);
    await h.sync(mailbox.id);
    const linkJobs = [...h.linkQueue.sent];
    await h.drain();
    const relinks = h.linkQueue.sent.filter((j) => j.kind === 'relink-address');
    await h.drain();
    // Redelivered: the Sent mail's link job and the relink it started.
    h.linkQueue.sent.push(...linkJobs.filter((j) => j.kind === 'link'), ...relinks, ...relinks);
    await h.drain();
    await h.drain();

    const jane = await createContactStore(h.rt.table).findContactByEmail(spaceId, 'jane.doe@northwind.example');
    const bySubject = new Map((await messageItems(h.rt, spaceId)).map((m) => [m.subject as string, m]));
    const timeline = (await h.rt.activities.listActivity(spaceId, { kind: 'contact', id: jane!.id }, 10)).items.map((e) => e.subject);
    const stats = (await createCustomerStatsStore(h.rt.table).getStats(spaceId, { kind: 'contact', id: jane!.id }))?.stats.interactionsByMonth;
    const companyTimeline = (await h.rt.activities.listActivity(spaceId, { kind: 'company', id: jane!.companyId! }, 10)).items.map((e) => e.subject);
    console.info('relink jobs started by the capture:', relinks.length, '; timeline:', timeline, '; interactions:', stats);

    expect(relinks.map((j) => j.kind === 'relink-address' && j.address)).toEqual(['jane.doe@northwind.example']);
    expect(bySubject.get('Before we knew her')).toMatchObject({ contactIds: [jane!.id], companyIds: [jane!.companyId] });
    expect(timeline.sort()).toEqual(['Before we knew her', 'Our offer']);
    expect(companyTimeline.sort()).toEqual(['Before we knew her', 'Our offer']);
    expect(Object.values(stats ?? {}).reduce((a, b) => a + b, 0)).toBe(2);
  });
});
