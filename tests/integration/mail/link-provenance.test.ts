import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toActivityView, toMessageView } from '../../../shared/domain/threads/activity-views.js';
import { toMessageRecord } from '../../../shared/store/message-store.js';
import { createStaffStore } from '../../../shared/store/staff-store.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const users = [{ user: 'p0', password: 'pw-0' }, { user: 'p1', password: 'pw-1' }, { user: 'p2', password: 'pw-2' }, { user: 'p3', password: 'pw-3' }];

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

describe('link provenance (real Dovecot, DynamoDB Local, s3rver)', () => {
  it('records why each contact and company is linked, on the message and on each timeline entry', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const jane = await h.addContact('Jane Doe', ['jane.doe@northwind.example']);
    const company = await h.addCompany('Northwind', ['northwind.example']);
    const bob = await h.addContact('Bob', ['bob@contoso.example']);
    await dovecot.appendMessages(users[0]!.user, 'INBOX', [
      aMail({ subject: 'Exact' }),
      aMail({ subject: 'Plus', from: 'Bob <bob+orders@contoso.example>' }),
    ]);
    const mailbox = await h.connect(dovecot, users[0]!);

    await h.sync(mailbox.id);
    await h.drain();

    const bySubject = new Map((await messageItems(h.rt, spaceId)).map((m) => [m.subject, toMessageRecord(m)]));
    const exact = toMessageView(bySubject.get('Exact')!);
    const plus = toMessageView(bySubject.get('Plus')!);
    expect(exact.links).toEqual([
      { kind: 'contact', id: jane, provenance: { kind: 'exact_address', at: expect.any(String) } },
      { kind: 'company', id: company, provenance: { kind: 'company_domain', at: expect.any(String) } },
    ]);
    expect(plus.links).toEqual([{ kind: 'contact', id: bob, provenance: { kind: 'plus_address', at: expect.any(String) } }]);
    const janeTimeline = (await h.rt.activities.listActivity(spaceId, { kind: 'contact', id: jane }, 10)).items.map(toActivityView);
    const companyTimeline = (await h.rt.activities.listActivity(spaceId, { kind: 'company', id: company }, 10)).items.map(toActivityView);
    expect(janeTimeline.map((e) => e.provenance?.kind)).toEqual(['exact_address']);
    expect(companyTimeline.map((e) => e.provenance?.kind)).toEqual(['company_domain']);
  });

  it('matches staff users on From, To and Cc as participants, never as customers', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const staff = createStaffStore(h.rt.table);
    await staff.recordStaffSeen(spaceId, { userId: 'user-sam', email: 'Sam@Freelance.example', role: 'staff', lastSeenAt: new Date().toISOString() });
    await staff.recordStaffSeen(spaceId, { userId: 'user-kim', email: 'kim@acme-supplies.example', role: 'admin', lastSeenAt: new Date().toISOString() });
    await h.addCompany('Freelance', ['freelance.example']);
    const jane = await h.addContact('Jane Doe', ['jane.doe@northwind.example']);
    await dovecot.appendMessages(users[2]!.user, 'INBOX', [
      aMail({ subject: 'With staff' }).replace('To: sales@acme-supplies.example', 'To: sales@acme-supplies.example, sam@freelance.example\r\nCc: Kim <kim@acme-supplies.example>'),
      aMail({ subject: 'From staff', from: 'Sam <sam@freelance.example>' }),
    ]);
    const mailbox = await h.connect(dovecot, users[2]!);

    await h.sync(mailbox.id);
    await h.drain();

    const bySubject = new Map((await messageItems(h.rt, spaceId)).map((m) => [m.subject, toMessageView(toMessageRecord(m))]));
    expect(bySubject.get('With staff')).toMatchObject({ staffUserIds: ['user-kim', 'user-sam'], contactIds: [jane], companyIds: [] });
    expect(bySubject.get('From staff')).toMatchObject({ staffUserIds: ['user-sam'], contactIds: [], companyIds: [] });
  });

  it('records the provenance of links made later by a relink, keeping the earlier ones', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const company = await h.addCompany('Northwind', ['northwind.example']);
    await dovecot.appendMessage(users[1]!.user, 'INBOX', aMail({ subject: 'Before the contact' }));
    const mailbox = await h.connect(dovecot, users[1]!);
    await h.sync(mailbox.id);
    await h.drain();

    const jane = await h.addContact('Jane Doe', ['jane.doe@northwind.example']);
    await h.linkQueue.send({ v: 1, kind: 'relink-address', correlationId: 'test', spaceId, address: 'jane.doe@northwind.example' });
    await h.drain();

    const [item] = await messageItems(h.rt, spaceId);
    expect(toMessageView(toMessageRecord(item!)).links).toEqual([
      { kind: 'contact', id: jane, provenance: { kind: 'exact_address', at: expect.any(String) } },
      { kind: 'company', id: company, provenance: { kind: 'company_domain', at: expect.any(String) } },
    ]);
    const timeline = (await h.rt.activities.listActivity(spaceId, { kind: 'contact', id: jane }, 10)).items.map(toActivityView);
    expect(timeline.map((e) => e.provenance?.kind)).toEqual(['exact_address']);
  });

  it('puts mail a contact writes from a personal address on its company\'s timeline, as contact_company', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const company = await h.addCompany('Northwind', ['northwind.example']);
    const jane = await h.addContact('Jane Doe', ['jane.doe@northwind.example', 'jane.private@gmail.com'], company);
    const stranger = await h.addContact('Sam Stray', ['sam.stray@gmail.com']);
    await dovecot.appendMessages(users[3]!.user, 'INBOX', [
      aMail({ subject: 'From work' }),
      aMail({ subject: 'From home', from: 'Jane <jane.private@gmail.com>' }),
      aMail({ subject: 'Unrelated', from: 'Sam <sam.stray@gmail.com>' }),
    ]);
    const mailbox = await h.connect(dovecot, users[3]!);

    await h.sync(mailbox.id);
    await h.drain();

    const bySubject = new Map((await messageItems(h.rt, spaceId)).map((m) => [m.subject, toMessageView(toMessageRecord(m))]));
    const companyTimeline = (await h.rt.activities.listActivity(spaceId, { kind: 'company', id: company }, 10)).items.map(toActivityView);
    expect(bySubject.get('From home')!.links).toEqual([
      { kind: 'contact', id: jane, provenance: { kind: 'exact_address', at: expect.any(String) } },
      { kind: 'company', id: company, provenance: { kind: 'contact_company', at: expect.any(String) } },
    ]);
    expect(bySubject.get('From work')!.links.map((l) => l.provenance?.kind)).toEqual(['exact_address', 'company_domain']);
    expect(bySubject.get('Unrelated')!.links).toEqual([{ kind: 'contact', id: stranger, provenance: { kind: 'exact_address', at: expect.any(String) } }]);
    expect(companyTimeline.map((e) => [e.subject, e.provenance?.kind]).sort()).toEqual([['From home', 'contact_company'], ['From work', 'company_domain']]);
  });
});
