import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { captureIdOf, type Capture } from '../../../shared/domain/contacts/capture.js';
import { createCaptureStore } from '../../../shared/store/capture-store.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { aContactBody } from '../../support/builders.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const hex32 = () => randomBytes(16).toString('hex');

/** A pending capture, as the linker stores one, for a fresh address in the Space. */
async function aPendingCapture(spaceId: string, address: string, over: Partial<Capture> = {}): Promise<Capture> {
  useLocalStackEnv();
  const capture: Capture = {
    spaceId, id: captureIdOf(spaceId, address), address, name: 'Jane Doe', companyDomain: address.split('@')[1]!, state: 'pending',
    capturedAt: new Date().toISOString(),
    source: { messageId: hex32(), threadId: hex32(), subject: 'Quote please', date: new Date().toISOString(), direction: 'inbound' }, ...over,
  };
  expect(await createCaptureStore(defaultTable()).proposeCapture(capture)).toBe(true);
  return capture;
}

describe('capture review over HTTP', () => {
  it('approves a capture once: contact, company and capturedFrom; a repeat returns the same contact', async () => {
    const spaceId = newSpaceId();
    const api = apiAs(spaceId, 'staff', 'staff-1');
    const capture = await aPendingCapture(spaceId, 'jane.doe@northwind-traders.example');
    const listed = await api.get('/captures');

    const first = await api.post(`/captures/${capture.id}/approve`);
    const again = await api.post(`/captures/${capture.id}/approve`);
    const reject = await api.post(`/captures/${capture.id}/reject`, { blocklist: false });

    expect(listed.body.items.map((c: Capture) => c.id)).toEqual([capture.id]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'approved', contactId: expect.any(String), decidedBy: 'staff-1' });
    expect(again.body).toEqual(first.body);
    expect(reject.status).toBe(409);
    expect(reject.body.type).toMatch(/capture-decided$/);
    const contact = (await api.get(`/contacts/${first.body.contactId}`)).body;
    expect(contact).toMatchObject({ name: 'Jane Doe', emails: [capture.address], capturedFrom: { ...capture.source, via: 'review' } });
    const company = (await api.get(`/companies/${contact.companyId}`)).body;
    expect(company).toMatchObject({ name: 'Northwind Traders', domains: ['northwind-traders.example'] });
    expect((await api.get('/captures')).body.items).toEqual([]);
  });

  it('merges a capture into an existing contact and repeats it safely', async () => {
    const spaceId = newSpaceId();
    const api = apiAs(spaceId, 'staff');
    const existing = (await api.post('/contacts', aContactBody({ name: 'Jane Doe', emails: ['jane@northwind.example'] }))).body;
    const capture = await aPendingCapture(spaceId, 'j.doe@northwind.example');

    const merged = await api.post(`/captures/${capture.id}/merge`, { contactId: existing.id });
    const again = await api.post(`/captures/${capture.id}/merge`, { contactId: existing.id });
    const elsewhere = await api.post(`/captures/${capture.id}/merge`, { contactId: '01JDQ3M6N8V4W2X5Y7Z9A1B3C5' });

    expect(merged.body).toMatchObject({ state: 'merged', contactId: existing.id });
    expect(again.body).toEqual(merged.body);
    expect(elsewhere.status).toBe(409);
    expect((await api.get(`/contacts/${existing.id}`)).body).toMatchObject({ emails: ['jane@northwind.example', 'j.doe@northwind.example'], version: 2 });
  });

  it('rejects a capture and blocklists the address for an admin only', async () => {
    const spaceId = newSpaceId();
    const staff = apiAs(spaceId, 'staff');
    const admin = apiAs(spaceId, 'admin');
    const capture = await aPendingCapture(spaceId, 'spammy@pushy.example');

    const refused = await staff.post(`/captures/${capture.id}/reject`, { blocklist: true });
    const rejected = await admin.post(`/captures/${capture.id}/reject`, { blocklist: true });
    const again = await admin.post(`/captures/${capture.id}/reject`, { blocklist: true });

    expect(refused.status).toBe(403);
    expect(rejected.body).toMatchObject({ state: 'rejected', blocklisted: true });
    expect(again.body).toEqual(rejected.body);
    expect((await admin.get('/settings/mail-rules')).body.rules.blocklist).toEqual(['spammy@pushy.example']);
    expect(await createCaptureStore(defaultTable()).proposeCapture({ ...capture, capturedAt: new Date().toISOString() })).toBe(false);
  });

  it('decides captures in bulk with a result per id', async () => {
    const spaceId = newSpaceId();
    const api = apiAs(spaceId, 'staff');
    const a = await aPendingCapture(spaceId, 'ann@alpha.example');
    const b = await aPendingCapture(spaceId, 'ben@beta.example');
    const missing = hex32();
    await api.post(`/captures/${b.id}/reject`, { blocklist: false });

    const reply = await api.post('/captures/bulk', { action: 'approve', ids: [a.id, b.id, missing] });

    expect(reply.status).toBe(200);
    expect(reply.body.results).toEqual([
      { id: a.id, capture: expect.objectContaining({ state: 'approved', contactId: expect.any(String) }) },
      { id: b.id, problem: { code: 'capture-decided', status: 409 } },
      { id: missing, problem: { code: 'not-found', status: 404 } },
    ]);
  });
});
