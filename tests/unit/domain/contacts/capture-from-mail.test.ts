import { describe, expect, it } from 'vitest';
import { captureFromMail } from '../../../../shared/domain/contacts/capture-from-mail.js';
import { captureIdOf, type CaptureSource } from '../../../../shared/domain/contacts/capture.js';
import { markEmailBounced } from '../../../../shared/domain/contacts/mark-bounced.js';
import type { Contact } from '../../../../shared/domain/contacts/contact.js';
import { contactCreationSchema } from '../../../../shared/domain/rules/mail-rules.js';
import { createMemoryCapture } from '../../../../shared/store/memory-capture.js';

const SPACE = 'space-1';
const source: CaptureSource = { messageId: 'm1', threadId: 't1', subject: 'Hello', date: '2026-11-29T10:00:00.000Z', direction: 'inbound' };
const jane = { address: 'jane@northwind.example', name: 'Jane Doe', companyDomain: 'northwind.example' };
const run = (deps: ReturnType<typeof createMemoryCapture>, review: boolean, candidates = [jane]) =>
  captureFromMail(deps, { spaceId: SPACE, settings: contactCreationSchema.parse({ policy: 'sent_and_received', review }), candidates, source, correlationId: 'c' });

describe('captureFromMail', () => {
  it('proposes an address for review once, whatever the number of mails', async () => {
    const deps = createMemoryCapture();

    const first = await run(deps, true);
    const second = await run(deps, true);

    expect(first.proposed).toEqual([captureIdOf(SPACE, jane.address)]);
    expect(second.proposed).toEqual([]);
    expect(deps.contacts.all.size).toBe(0);
  });

  it('creates the contact and its company once without review, and nothing for a rejected address', async () => {
    const deps = createMemoryCapture();
    await deps.captures.proposeCapture({ spaceId: SPACE, id: captureIdOf(SPACE, 'no@x.example'), address: 'no@x.example', name: 'No', source, state: 'rejected', capturedAt: source.date });

    const first = await run(deps, false, [jane, { address: 'no@x.example', name: 'No', companyDomain: 'x.example' }]);
    const again = await run(deps, false);

    expect(first.created).toHaveLength(1);
    expect(again.created).toEqual(first.created);
    expect([...deps.contacts.all.values()].map((c) => [c.name, c.emails, c.capturedFrom?.via])).toEqual([['Jane Doe', ['jane@northwind.example'], 'automatic']]);
    expect([...deps.companies.all.values()].map((c) => [c.name, c.domains])).toEqual([['Northwind', ['northwind.example']]]);
  });
  it('asks for the past mail of contacts created at once, and of none proposed for review or rejected', async () => {
    const review = createMemoryCapture();
    const direct = createMemoryCapture();
    await direct.captures.proposeCapture({ spaceId: SPACE, id: captureIdOf(SPACE, 'no@x.example'), address: 'no@x.example', name: 'No', source, state: 'rejected', capturedAt: source.date });

    await run(review, true);
    await run(direct, false, [jane, { address: 'no@x.example', name: 'No', companyDomain: 'x.example' }]);

    expect(review.relinked).toEqual([]);
    expect(direct.relinked).toEqual(['jane@northwind.example']);
  });
});

describe('captureFromMail: the company of a captured address', () => {
  const acme = (over: Record<string, unknown> = {}) => ({
    id: 'acme', spaceId: SPACE, name: 'Acme Corporation', domains: [], website: 'https://www.acme.example/about', tier: 'normal', tags: [], customFields: {},
    status: 'active', createdAt: source.date, updatedAt: source.date, version: 1, ...over,
  }) as never;
  const candidate = (address: string) => ({ address, name: 'Bob', companyDomain: address.split('@')[1]! });

  it('finds an existing company by its website domain, and by it for subdomains of that domain, instead of creating one', async () => {
    const deps = createMemoryCapture();
    deps.companies.all.set('acme', acme());

    const made = await run(deps, false, [candidate('bob@acme.example'), candidate('eve@eu.mail.acme.example')]);

    expect(made.created).toEqual([{ contactId: expect.any(String), companyId: 'acme' }, { contactId: expect.any(String), companyId: 'acme' }]);
    expect([...deps.companies.all.keys()]).toEqual(['acme']);
  });

  it('prefers a company owning the exact domain, and never matches a website above the registrable domain or a lookalike', async () => {
    const deps = createMemoryCapture();
    deps.companies.all.set('acme', acme());
    deps.companies.all.set('shop', acme({ id: 'shop', name: 'Acme Shop', domains: ['shop.acme.example'], website: undefined }));
    deps.companies.all.set('couk', acme({ id: 'couk', name: 'Registry', website: 'https://co.uk' }));

    const made = await run(deps, false, [candidate('ann@shop.acme.example'), candidate('tom@notacme.example'), candidate('kay@widgets.co.uk')]);

    expect(made.created.map((c) => c.companyId && deps.companies.all.get(c.companyId)?.name)).toEqual(['Acme Shop', 'Notacme', 'Widgets']);
  });
});

describe('markEmailBounced', () => {
  const aContact = (emails: string[]): Contact => ({
    id: 'c1', spaceId: SPACE, name: 'Gone', emails, phones: [], roles: [], primaryContact: false, tags: [], customFields: {}, status: 'active',
    createdAt: source.date, updatedAt: source.date, version: 1,
  });
  const bounce = { email: 'gone@x.example', at: source.date, status: '5.1.1', messageId: 'b1' };
  const actor = { spaceId: SPACE, userId: 'system:bounces', requestId: 'r' };

  it('marks once and demotes the bounced primary behind the first address that never bounced', async () => {
    const deps = createMemoryCapture();
    deps.contacts.all.set('c1', aContact(['gone@x.example', 'new@x.example']));

    await markEmailBounced(deps, actor, bounce, true);
    await markEmailBounced(deps, actor, { ...bounce, messageId: 'b2' }, true);

    expect(deps.contacts.all.get('c1')).toMatchObject({ emails: ['new@x.example', 'gone@x.example'], bouncedEmails: [bounce], version: 2 });
  });

  it('keeps the order when every address has bounced', async () => {
    const deps = createMemoryCapture();
    deps.contacts.all.set('c1', aContact(['gone@x.example']));

    await markEmailBounced(deps, actor, bounce, true);

    expect(deps.contacts.all.get('c1')).toMatchObject({ emails: ['gone@x.example'], bouncedEmails: [bounce] });
  });
});
