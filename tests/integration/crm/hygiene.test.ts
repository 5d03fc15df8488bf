import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { aCompanyBody, aContactBody } from '../../support/builders.js';
import { localStack, mintTestToken } from '../../support/local-stack.js';

const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer);

/** Expects a 400 problem naming `pointer`, and no record of that kind in the Space. */
async function expectRefused(api: Api, path: string, reply: { status: number; headers: Headers; body: { errors?: { pointer: string }[] } }, pointer: string) {
  expect({ status: reply.status, pointers: pointers(reply.body) }).toEqual({ status: 400, pointers: [pointer] });
  expect(reply.headers.get('content-type')).toContain('application/problem+json');
  expect((await api.get(path)).body.items).toEqual([]);
}

/** Posts raw bytes as JSON, as a client with a broken encoder would. */
async function postBytes(spaceId: string, path: string, bytes: Buffer) {
  const token = await mintTestToken({ spaceId });
  const res = await fetch(`${localStack().apiUrl}${path}`, {
    method: 'POST', body: bytes, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  return { status: res.status, body: await res.json() as { type?: string } };
}

describe('data hygiene of contacts and companies', () => {
  it.each([
    ['NUL', 'ann\u0000@acme.example'],
    ['BEL', 'ann\u0007@acme.example'],
    ['DEL', 'ann\u007f@acme.example'],
    ['a C1 control', 'ann\u0085@acme.example'],
    ['a right-to-left override', 'ann\u202e@acme.example'],
    ['a zero-width space', 'an\u200bn@acme.example'],
    ['a zero-width joiner', 'an\u200dn@acme.example'],
    ['a byte-order mark', '\ufeffann@acme.example'],
    ['a line separator', 'ann@acme\u2028.example'],
    ['a zero-width space in the domain', 'ann@ac\u200bme.example'],
  ])('refuses an email with %s, naming the field', async (_case, email) => {
    const api = apiAs(newSpaceId());

    const reply = await api.post('/contacts', aContactBody({ emails: ['ok@acme.example', email] }));

    await expectRefused(api, '/contacts', reply, '#/emails/1');
  });

  it('stores one contact for the NFC, NFD, fullwidth and upper-case spellings of an address', async () => {
    const api = apiAs(newSpaceId());

    const first = await api.post('/contacts', aContactBody({ emails: ['Jose\u0301@Acme.example'] }));
    const variants = await Promise.all(['jos\u00e9@acme.example', 'JOS\u00c9@ACME.EXAMPLE', '\uff4a\uff4f\uff53\u00e9\uff20\uff41\uff43\uff4d\uff45\uff0e\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45']
      .map((email) => api.post('/contacts', aContactBody({ emails: [email] }))));

    expect(first.status).toBe(201);
    expect(first.body.emails).toEqual(['jos\u00e9@acme.example']);
    expect(variants.map((r) => [r.status, r.body.existingId])).toEqual(variants.map(() => [409, first.body.id]));
    expect((await api.get('/contacts')).body.items).toHaveLength(1);
  });

  it('refuses an invalid UTF-8 body with 400 malformed-body and stores nothing', async () => {
    const space = newSpaceId();
    const bytes = Buffer.concat([Buffer.from('{"name":"Ann '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);

    const reply = await postBytes(space, '/contacts', bytes);

    expect(reply.status).toBe(400);
    expect(reply.body.type).toMatch(/\/malformed-body$/);
    expect((await apiAs(space).get('/contacts')).body.items).toEqual([]);
  });

  it('refuses a lone surrogate escape, which cannot be stored as UTF-8, naming the field', async () => {
    const api = apiAs(newSpaceId());

    const reply = await api.post('/contacts', '{"name":"Ann \\ud800"}');

    await expectRefused(api, '/contacts', reply, '#/name');
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(document.cookie)'],
    ['java\tscript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
    ['ftp://files.acme.example/'],
    ['https://paypal.example@evil.example/'],
    ['https://127.0.0.1/admin'],
    ['https://'],
  ])('refuses the company website %j, naming the field', async (website) => {
    const api = apiAs(newSpaceId());

    const reply = await api.post('/companies', aCompanyBody({ website }));

    await expectRefused(api, '/companies', reply, '#/website');
  });

  it('stores http(s) websites normalized, a bare host as https, and refuses javascript: on PATCH too', async () => {
    const api = apiAs(newSpaceId());

    const bare = await api.post('/companies', aCompanyBody({ website: 'www.Acme.example/shop' }));
    const plain = await api.post('/companies', aCompanyBody({ website: 'http://B\u00fccher.example:8080/x?y=1' }));
    const patched = await api.patch(`/companies/${bare.body.id}`, { website: 'javascript:alert(1)' }, { headers: { 'if-match': '"1"' } });

    expect(bare.body.website).toBe('https://www.acme.example/shop');
    expect(plain.body.website).toBe('http://xn--bcher-kva.example:8080/x?y=1');
    expect({ status: patched.status, pointers: pointers(patched.body) }).toEqual({ status: 400, pointers: ['#/website'] });
    expect((await api.get(`/companies/${bare.body.id}`)).body.website).toBe('https://www.acme.example/shop');
  });

  it.each([
    ['a name with BEL', { name: 'Ann\u0007' }, '#/name'],
    ['a name with a right-to-left override', { name: 'Ann \u202eevil' }, '#/name'],
    ['a name of only invisible characters', { name: '\u200b\u200b' }, '#/name'],
    ['a tag with NUL', { name: 'Ann', tags: ['ok', 'v\u0000ip'] }, '#/tags/1'],
    ['a phone with a newline', { name: 'Ann', phones: ['+49 30\n123'] }, '#/phones/0'],
    ['a level with DEL', { name: 'Ann', level: 'gold\u007f' }, '#/level'],
    ['notes with BEL', { name: 'Ann', notes: 'line one\u0007' }, '#/notes'],
    ['notes with a pop-directional override', { name: 'Ann', notes: 'a\u202db' }, '#/notes'],
    ['a custom field with a bidi isolate', { name: 'Ann', customFields: { vat_id: 'DE\u2066123' } }, '#/customFields/vat_id'],
  ])('refuses a contact with %s, naming the field', async (_case, body, pointer) => {
    const api = apiAs(newSpaceId());

    const reply = await api.post('/contacts', body);

    await expectRefused(api, '/contacts', reply, pointer);
  });

  it.each([
    ['a name with a control character', { name: 'Acme\u0000' }, '#/name'],
    ['a region with a newline', { name: 'Acme', region: 'EU\nUS' }, '#/region'],
    ['a domain with a zero-width space', { name: 'Acme', domains: ['ac\u200bme.example'] }, '#/domains/0'],
    ['a tag with a bidi override', { name: 'Acme', tags: ['\u202ekey'] }, '#/tags/0'],
  ])('refuses a company with %s, naming the field', async (_case, body, pointer) => {
    const api = apiAs(newSpaceId());

    const reply = await api.post('/companies', body);

    await expectRefused(api, '/companies', reply, pointer);
  });

  it('keeps newlines and tabs in notes, stores names and tags in NFC and emoji sequences intact', async () => {
    const api = apiAs(newSpaceId());

    const reply = await api.post('/contacts', aContactBody({
      name: 'Jose\u0301 \ud83d\udc69\u200d\ud83d\udcbb', notes: 'line one\nline two\r\n\tindented', tags: ['cafe\u0301', 'caf\u00e9', '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645'],
    }));

    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      name: 'Jos\u00e9 \ud83d\udc69\u200d\ud83d\udcbb', notes: 'line one\nline two\r\n\tindented', tags: ['caf\u00e9', '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645'],
    });
  });

  it('treats a fullwidth domain as its ASCII form for uniqueness', async () => {
    const api = apiAs(newSpaceId());

    const first = await api.post('/companies', aCompanyBody({ domains: ['\uff41\uff43\uff4d\uff45\uff0eexample'] }));
    const second = await api.post('/companies', aCompanyBody({ domains: ['ACME.example'] }));

    expect(first.body.domains).toEqual(['acme.example']);
    expect([second.status, second.body.existingId]).toEqual([409, first.body.id]);
  });
});
