import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { captureIdOf } from '../../../shared/domain/contacts/capture.js';
import { createCaptureStore } from '../../../shared/store/capture-store.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { apiAs, newSpaceId, type Api, type ApiReply } from '../../support/api-client.js';
import { aCompanyBody, aContactBody, aProductBody } from '../../support/builders.js';
import { localStack, useLocalStackEnv } from '../../support/local-stack.js';
import { mailHarness } from '../mail/mail-harness.js';
import { confirmBody, seedSpace } from '../orders/order-fixtures.js';

type OpenApi = { paths: Record<string, Record<string, { security?: unknown[]; parameters?: { name: string; in: string }[] }>> };

/** Test-only: every item of a Space, in key order (a Scan is fine in a test, never on a request path). */
async function itemsOf(spaceId: string): Promise<string> {
  const t = defaultTable();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new ScanCommand({
      TableName: t.table, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': `space#${spaceId}` }, ExclusiveStartKey: start, ConsistentRead: true,
    }));
    items.push(...(out.Items ?? []).filter((i) => i.pk === `space#${spaceId}` || String(i.pk).startsWith(`space#${spaceId}#`)));
    start = out.LastEvaluatedKey;
  } while (start);
  const key = (i: Record<string, unknown>) => `${String(i.pk)}|${String(i.sk)}`;
  return JSON.stringify(items.sort((x, y) => key(x).localeCompare(key(y))), (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v));
}

/** Space A with one of every resource; returns its ids and the strings that must never reach B. */
async function seedSpaceA() {
  const seed = await seedSpace();
  const a = apiAs(seed.spaceId);
  const contact = (await a.post('/contacts', aContactBody({ name: `Zed Quillfeather ${seed.spaceId}` }))).body;
  const company = (await a.post('/companies', aCompanyBody({ name: `Quillco ${seed.spaceId}` }))).body;
  const product = (await a.post('/products', aProductBody({ name: `Quillwidget ${seed.spaceId}` }))).body;
  const field = (await a.post('/settings/custom-fields', { entity: 'contact', key: 'quill_size', label: `Quill size ${seed.spaceId}`, type: 'number', filterable: true })).body;
  const smsNumber = `+1206${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const sms = await a.put('/settings/sms', { originationNumber: smsNumber, helpText: `Quillhelp ${seed.spaceId}: reply STOP to stop.` }, { headers: { 'if-match': '"0"' } });
  expect(sms.status).toBe(200);
  const mailbox = await (await mailHarness(seed.spaceId)).connect({ host: '127.0.0.1', port: 1 }, { user: `quill-${seed.spaceId}`, password: 'pw-not-used' });
  const order = await a.post('/orders', confirmBody(seed));
  expect(order.status).toBe(201);
  const activity = await a.post('/activities', { type: 'meeting', subject: `Quillmeeting ${seed.spaceId}`, at: '2030-01-01T10:00:00Z', contactIds: [contact.id] });
  const opportunity = await a.post('/opportunities', { name: `Quilldeal ${seed.spaceId}`, companyId: company.id, currency: 'USD', contactIds: [contact.id] });
  const comment = await a.post('/comments', { target: { kind: 'contact', id: contact.id }, body: `Quillnote ${seed.spaceId}` });
  const second = await a.post('/contacts', aContactBody());
  const mergeRequest = await a.post('/merge-requests', { entity: 'contact', masterId: contact.id, mergedIds: [second.body.id] });
  const todo = await a.post(`/threads/${seed.threadId}/todos`, { title: `Quilltodo ${seed.spaceId}`, due: '2030-01-02', notes: `Quilltodo notes ${seed.spaceId}` });
  expect([activity.status, opportunity.status, comment.status, mergeRequest.status, todo.status]).toEqual([201, 201, 201, 201, 201]);
  // A pending capture, as the linker proposes one for an unknown sender under a review policy.
  const captured = `quill.sender@quillpost-${seed.spaceId.slice(0, 8).toLowerCase()}.example`;
  const capture = {
    spaceId: seed.spaceId, id: captureIdOf(seed.spaceId, captured), address: captured, name: 'Quinn Quillpost', companyDomain: captured.split('@')[1]!, state: 'pending' as const,
    capturedAt: new Date().toISOString(), source: { messageId: seed.messageId, threadId: seed.threadId, subject: 'Quote please', date: new Date().toISOString(), direction: 'inbound' as const },
  };
  expect(await createCaptureStore(defaultTable()).proposeCapture(capture)).toBe(true);
  const ids: Record<string, string> = {
    contacts: contact.id, companies: company.id, products: product.id, mailboxes: mailbox.id,
    messages: seed.messageId, threads: seed.threadId, orders: order.body.id, settings: field.id,
    activities: activity.body.id, opportunities: opportunity.body.id, comments: comment.body.id, 'merge-requests': mergeRequest.body.id,
    captures: capture.id, todos: todo.body.id, smsNumber,
  };
  const secrets = [
    ...Object.values(ids), seed.spaceId, seed.customer, contact.name, contact.emails[0], company.name, company.domains[0], product.name, product.sku, mailbox.username, field.label,
    activity.body.subject, opportunity.body.name, comment.body.body, capture.address, capture.name, todo.body.title, todo.body.notes,
    sms.body.helpText,
  ];
  return { spaceId: seed.spaceId, ids, contact, company, secrets };
}

/** The same shape as `id` with other characters, so format checks pass and only the lookup differs. */
const randomLike = (id: string): string => {
  const cut = Math.max(id.lastIndexOf('_'), id.lastIndexOf('-')) + 1;
  const pick = (set: string) => set[Math.floor(Math.random() * set.length)] as string;
  return id.slice(0, cut) + [...id.slice(cut)].map((c) =>
    /[0-9]/.test(c) ? pick('0123456789') : /[a-f]/.test(c) ? pick('abcdef') : /[a-z]/.test(c) ? pick('ghjkmnpqrstvwxyz')
      : /[A-Z]/.test(c) ? pick('ABCDEFGHJKMNPQRSTVWXYZ') : c).join('');
};

const BODIES: Record<string, (ids: Record<string, string>, other: Record<string, string>) => unknown> = {
  'PATCH /contacts/{id}': () => ({ name: 'Hijacked' }),
  'PATCH /companies/{id}': () => ({ name: 'Hijacked' }),
  'PATCH /products/{id}': () => ({ name: 'Hijacked' }),
  'PATCH /mailboxes/{id}': () => ({ paused: true }),
  'PATCH /activities/{id}': () => ({ subject: 'Hijacked' }),
  'PATCH /opportunities/{id}': () => ({ name: 'Hijacked' }),
  'PUT /opportunities/{id}/quotation': (ids) => ({ lines: [{ productId: ids.products, quantity: 1 }] }),
  'PATCH /comments/{id}': () => ({ body: 'Hijacked' }),
  'PATCH /threads/{id}': () => ({ status: 'completed' }),
  'POST /threads/{id}/reply': () => ({ text: 'Hijacked' }),
  'POST /contacts/{id}/emails': () => ({ subject: 'Hijacked', text: 'Hijacked' }),
  'POST /contacts/{id}/sms': () => ({ body: 'Hijacked' }),
  'POST /threads/{id}/links': (ids) => ({ contactId: ids.contacts }),
  'POST /captures/{id}/merge': (ids) => ({ contactId: ids.contacts }),
  'POST /captures/{id}/reject': () => ({ blocklist: false }),
  'POST /contacts/merge': (ids, other) => ({ masterId: ids.contacts, mergedIds: [other.contact], preview: false }),
  'POST /companies/merge': (ids, other) => ({ masterId: ids.companies, mergedIds: [other.company], preview: false }),
  'POST /threads/{id}/todos': () => ({ title: 'Hijacked', due: '2030-01-01' }),
  'POST /messages/{id}/todos': () => ({ title: 'Hijacked', due: '2030-01-01' }),
  'PATCH /todos/{id}': () => ({ done: true }),
  'PUT /mailboxes/{id}/smtp': () => ({ host: 'smtp.example.com', password: 'Hijacked' }),
  // B claiming A's SMS number (a number belongs to one Space, so it is refused without naming the holder).
  'PUT /settings/sms': (ids) => ({ originationNumber: ids.smsNumber, helpText: 'Hijacked' }),
};

/** Routes without an id whose answer to B's probe is known: B must not get past these. */
const STATUS_OF: Record<string, number> = {
  'PUT /settings/sms': 409,
};

const send = (api: Api, method: string, url: string, body: unknown): Promise<ApiReply> => {
  const headers = { 'if-match': '"1"' };
  if (method === 'GET') return api.get(url);
  if (method === 'DELETE') return api.delete(url, { headers });
  if (method === 'PATCH') return api.patch(url, body ?? {}, { headers });
  if (method === 'PUT') return api.put(url, body ?? {}, { headers });
  return api.post(url, body ?? {}, { headers });
};

const comparable = (r: ApiReply) => ({ status: r.status, type: r.body?.type, title: r.body?.title, contentType: r.headers.get('content-type') });

describe('BOLA sweep over every route of /openapi.json (A1)', () => {
  it('answers Space B with A\'s ids exactly like random ids, shows none of A\'s data and writes nothing to A', async () => {
    useLocalStackEnv();
    const A = await seedSpaceA();
    const second = { contact: (await apiAs(A.spaceId).post('/contacts', aContactBody())).body.id, company: (await apiAs(A.spaceId).post('/companies', aCompanyBody())).body.id };
    const b = apiAs(newSpaceId());
    const doc = (await b.get('/openapi.json')).body as OpenApi;
    const before = await itemsOf(A.spaceId);
    expect((JSON.parse(before) as unknown[]).length).toBeGreaterThan(10);
    /** A's strings in a reply, except those the probe itself sent (a 404 detail may echo the asked-for id). */
    const leaks = (r: ApiReply, sent: string) => A.secrets.filter((s) => !sent.includes(s) && JSON.stringify(r.body ?? '').includes(s));

    let probes = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [lower, op] of Object.entries(methods)) {
        const method = lower.toUpperCase();
        const key = `${method} ${path}`;
        if ((op.security ?? []).length === 0) continue; // the Stripe webhook (no JWT) and nothing else
        const area = path.split('/')[1] as string;
        const body = BODIES[key]?.(A.ids, second) ?? (key === 'POST /orders' ? confirmBody({ messageId: A.ids.messages as string, customer: 'x@b.example' }) : undefined);
        if (path.includes('{id}')) {
          const real = A.ids[area] as string;
          const url = (id: string) => path.replace('{id}', encodeURIComponent(id)).replace('{n}', '0').replace('{problemId}', `f${'0123456789abcdef'.repeat(2)}`).replace('{previewId}', '01JDQ3R0B2C4D6E8F0G2H4J6K8')
            .replace('{kind}', 'contact').replace('{ownerId}', A.ids.contacts as string)
            .replace('{email}', encodeURIComponent('x@b.example'));
          const withA = await send(b, method, url(real), body);
          const withRandom = await send(b, method, url(randomLike(real)), body);
          expect.soft(comparable(withA), key).toEqual(comparable(withRandom));
          expect.soft(withA.status, key).toBe(404);
          expect.soft(withA.headers.get('content-type'), key).toBe('application/problem+json');
          expect.soft(leaks(withA, url(real) + JSON.stringify(body ?? '')), key).toEqual([]);
          probes += 2;
          continue;
        }
        const queries = ['', ...(op.parameters ?? []).filter((p) => p.in === 'query').flatMap((p) => {
          if (p.name === 'q') return [`q=${encodeURIComponent('Quillfeather')}`];
          if (p.name === 'companyId') return [`companyId=${A.ids.companies}`];
          if (p.name === 'contactId') return [`contactId=${A.ids.contacts}`];
          if (p.name === 'entity') return [`entity=contact:${A.ids.contacts}`];
          return [];
        })];
        for (const query of method === 'GET' ? queries : ['']) {
          const url = `${path}${query ? `?${query}` : ''}`;
          const reply = await send(b, method, url, body);
          expect.soft(reply.status, `${key}?${query}`).toBeLessThan(500);
          if (STATUS_OF[key] !== undefined) expect.soft(reply.status, key).toBe(STATUS_OF[key]);
          expect.soft(leaks(reply, url + JSON.stringify(body ?? '')), `${key}?${query}`).toEqual([]);
          probes += 1;
        }
      }
    }

    console.info(`BOLA sweep: ${probes} probes over ${Object.keys(doc.paths).length} paths of ${localStack().apiUrl}/openapi.json`);
    expect(probes).toBeGreaterThanOrEqual(50);
    expect(await itemsOf(A.spaceId)).toBe(before);
    // Nearly 200 sequential probes: a minute when the machine is quiet, several while it runs other suites.
  }, 300_000);
});
