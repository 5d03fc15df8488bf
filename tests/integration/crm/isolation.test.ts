import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { captureIdOf } from '../../../shared/domain/contacts/capture.js';
import { CONTRACTS } from '../../../shared/http/contracts/index.js';
import { createCaptureStore } from '../../../shared/store/capture-store.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { captureKey, companyKey, contactKey, contactListPartition, productKey, spacePrefix } from '../../../shared/store/keys.js';
import { apiAs, newSpaceId, type ApiReply } from '../../support/api-client.js';
import { aCompanyBody, aContactBody, aProductBody } from '../../support/builders.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const MINE = new Set(['contacts-api', 'companies-api', 'products-api', 'settings-api']);
const BODIES: Record<string, unknown> = {
  'PATCH /contacts/{id}': { name: 'Hijacked' },
  'PATCH /companies/{id}': { name: 'Hijacked' },
  'PATCH /products/{id}': { name: 'Hijacked' },
  'PATCH /settings/custom-fields/{id}': { label: 'Hijacked' },
  'POST /captures/{id}/reject': { blocklist: false },
  'POST /contacts/{id}/sms': { body: 'Hello' },
};

const aNumber = () => `+1206${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/** Everything of Space A that a request of Space B could touch. */
async function snapshotOf(spaceId: string, ids: Record<string, string>) {
  const t = defaultTable();
  const partitions = [
    contactKey(spaceId, ids.contact as string).pk, contactKey(spaceId, ids.other as string).pk,
    companyKey(spaceId, ids.company as string).pk, companyKey(spaceId, ids.otherCompany as string).pk, productKey(spaceId, ids.product as string).pk, spacePrefix(spaceId),
    captureKey(spaceId, ids.capture as string).pk,
  ];
  const parts = await Promise.all(partitions.map((p) => t.client.send(new QueryCommand({ TableName: t.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': p }, ConsistentRead: true }))));
  const list = await t.client.send(new QueryCommand({ TableName: t.table, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': contactListPartition(spaceId, 'live') } }));
  return JSON.stringify([...parts.map((p) => p.Items), list.Items]);
}

/** A pending capture in the Space, as the linker proposes one for an unknown sender; returns its id. */
async function aPendingCapture(spaceId: string): Promise<string> {
  const address = `quinn@quillpost-${spaceId.slice(-6).toLowerCase()}.example`;
  const hex = () => randomBytes(16).toString('hex');
  const capture = {
    spaceId, id: captureIdOf(spaceId, address), address, name: 'Quinn Quillpost', companyDomain: address.split('@')[1]!, state: 'pending' as const, capturedAt: new Date().toISOString(),
    source: { messageId: hex(), threadId: hex(), subject: 'Quote please', date: new Date().toISOString(), direction: 'inbound' as const },
  };
  expect(await createCaptureStore(defaultTable()).proposeCapture(capture)).toBe(true);
  return capture.id;
}

// `instance` and a 404's `id` echo the asked-for path and id, so they differ between any two probes.
const comparable = (r: ApiReply) => ({ status: r.status, body: { ...r.body, instance: undefined, id: undefined } });

describe('tenant isolation of the CRM routes (A1)', () => {
  it('answers Space B using Space A ids exactly like a random id, and changes nothing in A', async () => {
    useLocalStackEnv();
    const spaceA = newSpaceId();
    const a = apiAs(spaceA);
    const b = apiAs(newSpaceId());
    const ids = {
      contact: (await a.post('/contacts', aContactBody())).body.id,
      other: (await a.post('/contacts', aContactBody())).body.id,
      company: (await a.post('/companies', aCompanyBody())).body.id,
      otherCompany: (await a.post('/companies', aCompanyBody())).body.id,
      product: (await a.post('/products', aProductBody())).body.id,
      capture: await aPendingCapture(spaceA),
      smsNumber: aNumber(),
    };
    expect((await a.put('/settings/sms', { originationNumber: ids.smsNumber, helpText: `Only A's help ${spaceA}` }, { headers: { 'if-match': '"0"' } })).status).toBe(200);
    const before = await snapshotOf(spaceA, ids);
    const routes = CONTRACTS.filter((c) => MINE.has(c.fn));
    const idFor = (path: string, real: boolean) => {
      if (path.startsWith('/captures')) return real ? ids.capture : randomBytes(16).toString('hex');
      const random = ulid();
      if (!real) return random;
      return path.startsWith('/contacts') ? ids.contact : path.startsWith('/companies') ? ids.company : ids.product;
    };
    const call = async (method: string, path: string, real: boolean) => {
      const id = idFor(path, real);
      const url = path.replace('{id}', id).replace('{email}', encodeURIComponent('x@b.example'));
      const key = `${method} ${path}`;
      if (key === 'POST /captures/{id}/merge') return b.post(url, { contactId: ids.contact });
      if (path.endsWith('/merge')) {
        const merged = real ? (path.startsWith('/contacts') ? ids.other : ids.otherCompany) : ulid();
        return b.post(url, { masterId: id, mergedIds: [merged], preview: false });
      }
      if (key === 'GET /contacts') return b.get(`${url}?companyId=${real ? ids.company : ulid()}`);
      if (key === 'GET /audit') return b.get(`${url}?entity=contact:${real ? ids.contact : ulid()}`);
      // A's number against a number nobody holds; B has never saved, so its version is 0.
      if (key === 'PUT /settings/sms') return b.put(url, { originationNumber: real ? ids.smsNumber : aNumber(), helpText: 'Hijacked' }, { headers: { 'if-match': '"0"' } });
      if (method === 'GET') return b.get(url);
      if (key === 'DELETE /contacts/{id}/complaints/{email}') return b.delete(url, { headers: { 'if-match': '"1"' } });
      if (method === 'DELETE') return b.delete(url);
      if (method === 'PATCH') return b.patch(url, BODIES[key], { headers: { 'if-match': '"1"' } });
      return b.post(url, BODIES[key] ?? {});
    };

    const probed: string[] = [];
    for (const c of routes) {
      if (c.method === 'POST' && !c.path.includes('{id}') && !c.path.endsWith('/merge')) continue; // creates land in B by design
      const withA = await call(c.method, c.path, true);
      const withRandom = await call(c.method, c.path, false);
      probed.push(`${c.method} ${c.path}`);
      if (`${c.method} ${c.path}` === 'PUT /settings/sms') {
        // An SMS number belongs to one Space, so A's is refused where a free one is taken; the refusal names neither Space nor A's settings.
        expect.soft([withA.status, withA.body.type, withRandom.status], 'PUT /settings/sms').toEqual([409, expect.stringMatching(/\/sms-number-taken$/), 200]);
        expect.soft(JSON.stringify(withA.body), 'PUT /settings/sms').not.toMatch(new RegExp(`${spaceA}|Only A's help`));
        continue;
      }
      expect.soft(comparable(withA), `${c.method} ${c.path}`).toEqual(comparable(withRandom));
      expect.soft(withA.status, `${c.method} ${c.path}`).not.toBeGreaterThanOrEqual(500);
      if (c.path.includes('{id}') || c.path.endsWith('/merge')) expect.soft(withA.status, `${c.method} ${c.path}`).toBe(404);
    }

    expect(probed.length).toBeGreaterThanOrEqual(17);
    expect(probed).toEqual(expect.arrayContaining(['GET /settings/sms', 'PUT /settings/sms']));
    const seenByB = await b.get('/settings/sms');
    expect(seenByB.body.originationNumber).not.toBe(ids.smsNumber);
    expect(JSON.stringify(seenByB.body)).not.toContain('Only A');
    expect(await snapshotOf(spaceA, ids)).toBe(before);
  });

  it('ignores a Space named in the body, query or headers', async () => {
    const spaceA = newSpaceId();
    const a = apiAs(spaceA);
    const b = apiAs(newSpaceId());
    await a.post('/contacts', aContactBody({ name: 'Only In A' }));

    const viaQuery = await b.get(`/contacts?q=only&spaceId=${spaceA}`);
    const viaHeader = await b.get('/contacts?q=only', { headers: { 'x-space-id': spaceA } });
    const viaBody = await b.post('/contacts', aContactBody({ spaceId: spaceA }));

    expect(viaQuery.status).toBe(400);
    expect(viaHeader.body.items).toEqual([]);
    expect(viaBody.status).toBe(400);
  });
});
