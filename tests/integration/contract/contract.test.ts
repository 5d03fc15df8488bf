import Stripe from 'stripe';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../shared/client/create-api-client.js';
import { CONTRACTS } from '../../../shared/http/contracts/index.js';
import { captureIdOf } from '../../../shared/domain/contacts/capture.js';
import { createCaptureStore } from '../../../shared/store/capture-store.js';
import { markEmailComplained } from '../../../shared/domain/contacts/mark-complained.js';
import { systemRuntime } from '../../../shared/domain/audit/system-runtime.js';
import { createContactStore } from '../../../shared/store/contact-store.js';
import { createMailboxProblemStore } from '../../../shared/store/mailbox-problem-store.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { exercisedResponses, newSpaceId, typedAnonymous, typedApiAs } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { localStack, useLocalStackEnv } from '../../support/local-stack.js';
import { OAUTH_GATEWAY_USERS } from '../../support/oauth-users.js';
import { readSamples } from '../mail/mail-harness.js';

/**
 * Exercises every operation of the OpenAPI document through the generated typed client, on its
 * success path and on at least one problem path; tests/support/api-client.ts validates each reply
 * against the document, and the last test asserts that every operation was covered.
 */
const imapUser = { user: 'contract', password: 'contract-password' };
const spaceId = newSpaceId();
let admin: ApiClient;
let staff: ApiClient;
let dovecot: DovecotServer;
const unknownUlid = ulid();
const unknownHex = 'ffffffffffffffffffffffffffffffff';
const etag = (r: { response: Response }) => r.response.headers.get('etag') ?? '';

beforeAll(async () => {
  useLocalStackEnv();
  admin = typedApiAs(spaceId, 'admin');
  staff = typedApiAs(spaceId, 'staff', `staff-${spaceId}`);
  dovecot = await startDovecot({ users: [imapUser] });
  const samples = await readSamples();
  for (const name of ['01-order-request.eml', '08-attachment.eml']) await dovecot.appendMessage(imapUser.user, 'INBOX', samples.get(name)!);
});
afterAll(async () => { await dovecot?.stop(); });

const mailboxSettings = () => ({
  host: dovecot.host, port: dovecot.port, security: 'plain' as const, allowInsecure: true, username: imapUser.user, password: imapUser.password,
  addresses: ['sales@acme-supplies.example'],
});

describe('the API contract, operation by operation', () => {
  const ids: Record<string, string> = {};

  it('serves /openapi.json without a token', async () => {
    const doc = await typedAnonymous().GET('/openapi.json');

    expect(doc.response.status).toBe(200);
    expect(doc.data?.openapi).toBe('3.1.0');
  });

  it('contacts: an admin clears a complaint mark with If-Match', async () => {
    const created = await admin.POST('/contacts', { body: { name: 'Kim Park', emails: ['kim@complained.example'] } });
    await markEmailComplained({ contacts: createContactStore(defaultTable()), rt: systemRuntime }, { spaceId, userId: 'ses', requestId: 'r' }, { email: 'kim@complained.example', at: new Date().toISOString() });
    const path = { id: created.data!.id, email: 'kim@complained.example' };
    const marked = await admin.GET('/contacts/{id}', { params: { path: { id: path.id } } });
    const byStaff = await staff.DELETE('/contacts/{id}/complaints/{email}', { params: { path, header: { 'If-Match': etag(marked) } } });
    const cleared = await admin.DELETE('/contacts/{id}/complaints/{email}', { params: { path, header: { 'If-Match': etag(marked) } } });
    const again = await admin.DELETE('/contacts/{id}/complaints/{email}', { params: { path, header: { 'If-Match': etag(cleared) } } });

    expect(marked.data?.complainedEmails).toEqual([expect.objectContaining({ email: 'kim@complained.example' })]);
    expect(byStaff.response.status).toBe(403);
    expect(cleared.data?.complainedEmails).toEqual([]);
    expect(again.error).toMatchObject({ status: 404 });
  });

  it('contacts: list, create, read, change with If-Match, archive, restore, merge', async () => {
    const created = await admin.POST('/contacts', { body: { name: 'Jane Doe', emails: ['jane.doe@northwind.example'], tags: ['wholesale'], customFields: { wholesale_discount_pct: 10 } } });
    const other = await admin.POST('/contacts', { body: { name: 'J. Doe', emails: ['jd@northwind.example'] } });
    const duplicate = await admin.POST('/contacts', { body: { name: 'Jane Again', emails: ['JANE.DOE@northwind.example'] } });
    const id = created.data!.id;
    const read = await admin.GET('/contacts/{id}', { params: { path: { id } } });
    const patched = await admin.PATCH('/contacts/{id}', { params: { path: { id }, header: { 'If-Match': etag(read) } }, body: { level: 'buyer' } });
    const stale = await admin.PATCH('/contacts/{id}', { params: { path: { id }, header: { 'If-Match': etag(read) } }, body: { level: 'lead' } });
    const withoutIfMatch = await admin.PATCH('/contacts/{id}', { params: { path: { id } } as never, body: { level: 'lead' } });
    const list = await admin.GET('/contacts', { params: { query: { q: 'jane', limit: 10 } } });
    const badLimit = await admin.GET('/contacts', { params: { query: { limit: 0 } } });
    const missing = await admin.GET('/contacts/{id}', { params: { path: { id: unknownUlid } } });
    const malformed = await admin.GET('/contacts/{id}', { params: { path: { id: 'not-a-contact-id' } } });
    const archived = await admin.DELETE('/contacts/{id}', { params: { path: { id: other.data!.id } } });
    const archiveMissing = await admin.DELETE('/contacts/{id}', { params: { path: { id: unknownUlid } } });
    const restored = await admin.POST('/contacts/{id}/restore', { params: { path: { id: other.data!.id } } });
    const restoreMissing = await admin.POST('/contacts/{id}/restore', { params: { path: { id: unknownUlid } } });
    const preview = await admin.POST('/contacts/merge', { body: { masterId: id, mergedIds: [other.data!.id], preview: true } });
    const mergeByStaff = await staff.POST('/contacts/merge', { body: { masterId: id, mergedIds: [other.data!.id], preview: true } });
    ids.contact = id;

    expect(created.response.status).toBe(201);
    expect(duplicate.error).toMatchObject({ status: 409, existingId: id });
    expect(patched.data?.level).toBe('buyer');
    expect([stale.response.status, withoutIfMatch.response.status]).toEqual([412, 428]);
    expect(list.data?.items.map((c) => c.id)).toEqual([id]);
    expect([badLimit.response.status, missing.response.status, malformed.response.status]).toEqual([400, 404, 400]);
    expect((malformed.error as { errors?: unknown }).errors).toEqual([{ in: 'path', pointer: '#/id', detail: 'is not a contact id' }]);
    expect([archived.data?.status, restored.data?.status]).toEqual(['archived', 'active']);
    expect([archiveMissing.response.status, restoreMissing.response.status]).toEqual([404, 404]);
    expect(preview.data).toMatchObject({ preview: true, masterId: id });
    expect(mergeByStaff.response.status).toBe(403);
  });

  it('companies: list, create, read, change with If-Match, archive, restore, merge', async () => {
    const created = await admin.POST('/companies', { body: { name: 'Northwind Traders', domains: ['https://www.northwind.example/about'] } });
    const other = await admin.POST('/companies', { body: { name: 'Northwind GmbH', domains: ['northwind.example.de'] } });
    const duplicate = await admin.POST('/companies', { body: { name: 'Northwind Again', domains: ['northwind.example'] } });
    const id = created.data!.id;
    const read = await admin.GET('/companies/{id}', { params: { path: { id } } });
    const patched = await admin.PATCH('/companies/{id}', { params: { path: { id }, header: { 'If-Match': etag(read) } }, body: { tier: 'key_account' } });
    const stale = await admin.PATCH('/companies/{id}', { params: { path: { id }, header: { 'If-Match': etag(read) } }, body: { tier: 'vip' } });
    const list = await admin.GET('/companies', { params: { query: { q: 'northwind' } } });
    const badCursor = await admin.GET('/companies', { params: { query: { cursor: 'tampered' } } });
    const missing = await admin.GET('/companies/{id}', { params: { path: { id: unknownUlid } } });
    const archived = await admin.DELETE('/companies/{id}', { params: { path: { id: other.data!.id } } });
    const archiveMissing = await admin.DELETE('/companies/{id}', { params: { path: { id: unknownUlid } } });
    const restored = await admin.POST('/companies/{id}/restore', { params: { path: { id: other.data!.id } } });
    const restoreMalformed = await admin.POST('/companies/{id}/restore', { params: { path: { id: 'x' } } });
    const preview = await admin.POST('/companies/merge', { body: { masterId: id, mergedIds: [other.data!.id], preview: true } });
    const mergeMissing = await admin.POST('/companies/merge', { body: { masterId: id, mergedIds: [unknownUlid], preview: true } });
    ids.company = id;

    expect(created.data?.domains).toEqual(['northwind.example']);
    expect(duplicate.error).toMatchObject({ status: 409, existingId: id, domain: 'northwind.example' });
    expect(patched.data?.tier).toBe('key_account');
    expect(stale.response.status).toBe(412);
    expect(list.data?.items.length).toBe(2);
    expect([badCursor.response.status, missing.response.status, archiveMissing.response.status, restoreMalformed.response.status]).toEqual([400, 404, 404, 400]);
    expect([archived.data?.status, restored.data?.status]).toEqual(['archived', 'active']);
    expect(preview.data?.preview).toBe(true);
    expect(mergeMissing.response.status).toBe(404);
  });

  it('products: list, create, read, change with If-Match, deactivate', async () => {
    const created = await admin.POST('/products', { body: { sku: 'W-L-BLK', name: 'Large Black Widget', unitAmount: 1999, currency: 'usd' } });
    const byStaff = await staff.POST('/products', { body: { sku: 'W-S', name: 'Small Widget', unitAmount: 100, currency: 'USD' } });
    const spare = await admin.POST('/products', { body: { sku: 'W-SPARE', name: 'Spare Widget', unitAmount: 500, currency: 'USD' } });
    const id = created.data!.id;
    const read = await staff.GET('/products/{id}', { params: { path: { id } } });
    const patched = await admin.PATCH('/products/{id}', { params: { path: { id }, header: { 'If-Match': etag(read) } }, body: { aliases: ['black widget'] } });
    const patchMissing = await admin.PATCH('/products/{id}', { params: { path: { id: unknownUlid }, header: { 'If-Match': '"1"' } }, body: { name: 'x' } });
    const list = await staff.GET('/products', { params: { query: { active: 'true' } } });
    const badFilter = await staff.GET('/products', { params: { query: { active: 'maybe' as 'true' } } });
    const missing = await staff.GET('/products/{id}', { params: { path: { id: unknownUlid } } });
    const deactivated = await admin.DELETE('/products/{id}', { params: { path: { id: spare.data!.id } } });
    const deactivateByStaff = await staff.DELETE('/products/{id}', { params: { path: { id } } });

    expect(created.data).toMatchObject({ sku: 'W-L-BLK', currency: 'USD' });
    expect(byStaff.response.status).toBe(403);
    expect(patched.data?.aliases).toEqual(['black widget']);
    expect(patchMissing.response.status).toBe(404);
    expect(list.data?.items.map((p) => p.sku).sort()).toEqual(['W-L-BLK', 'W-SPARE']);
    expect([badFilter.response.status, missing.response.status, deactivateByStaff.response.status]).toEqual([400, 404, 403]);
    expect(deactivated.data?.active).toBe(false);
  });

  it('mailboxes: test, connect, read, change, sync, list, disconnect', async () => {
    const tested = await admin.POST('/mailboxes/test', { body: mailboxSettings() });
    const wrongPassword = await admin.POST('/mailboxes/test', { body: { ...mailboxSettings(), password: 'wrong' } });
    const connected = await admin.POST('/mailboxes', { body: mailboxSettings() });
    const refused = await admin.POST('/mailboxes', { body: { ...mailboxSettings(), password: 'wrong' } });
    const id = connected.data!.id;
    const read = await admin.GET('/mailboxes/{id}', { params: { path: { id } } });
    const readByStaff = await staff.GET('/mailboxes/{id}', { params: { path: { id } } });
    const readMissing = await staff.GET('/mailboxes/{id}', { params: { path: { id: unknownUlid } } });
    const patched = await admin.PATCH('/mailboxes/{id}', { params: { path: { id }, header: { 'If-Match': etag(read) } }, body: { addresses: ['sales@acme-supplies.example', 'orders@acme-supplies.example'] } });
    const stale = await admin.PATCH('/mailboxes/{id}', { params: { path: { id }, header: { 'If-Match': etag(read) } }, body: { paused: true } });
    const withoutIfMatch = await admin.PATCH('/mailboxes/{id}', { params: { path: { id } } as never, body: { paused: true } });
    const patchMissing = await admin.PATCH('/mailboxes/{id}', { params: { path: { id: unknownUlid }, header: { 'If-Match': '"1"' } }, body: { paused: true } });
    const synced = await admin.POST('/mailboxes/{id}/sync', { params: { path: { id } } });
    const syncMissing = await admin.POST('/mailboxes/{id}/sync', { params: { path: { id: unknownUlid } } });
    const list = await admin.GET('/mailboxes');
    const listByStaff = await staff.GET('/mailboxes');
    const listAnonymous = await typedAnonymous().GET('/mailboxes');
    const spare = await admin.POST('/mailboxes', { body: mailboxSettings() });
    const deleted = await admin.DELETE('/mailboxes/{id}', { params: { path: { id: spare.data!.id } } });
    const deletedAgain = await admin.DELETE('/mailboxes/{id}', { params: { path: { id: spare.data!.id } } });
    const problemId = `f${'ab'.repeat(16)}`;
    await createMailboxProblemStore(defaultTable()).recordProblem(spaceId, id, { id: problemId, kind: 'unfetchable', reason: 'the server answered BAD to FETCH', folder: 'INBOX', uid: 9, uidValidity: '1' }, new Date().toISOString());
    const problems = await admin.GET('/mailboxes/{id}/problems', { params: { path: { id }, query: { limit: 10 } } });
    const retried = await admin.POST('/mailboxes/{id}/problems/{problemId}/retry', { params: { path: { id, problemId } } });
    const problemsMissing = await admin.GET('/mailboxes/{id}/problems', { params: { path: { id: unknownUlid } } });
    const retryMissing = await admin.POST('/mailboxes/{id}/problems/{problemId}/retry', { params: { path: { id, problemId: `f${'0'.repeat(32)}` } } });
    const healthByStaff = await staff.GET('/mailboxes/{id}/health', { params: { path: { id } } });
    const healthMissing = await staff.GET('/mailboxes/{id}/health', { params: { path: { id: unknownUlid } } });
    ids.mailbox = id;

    expect(tested.data?.ok).toBe(true);
    expect(wrongPassword.error).toMatchObject({ status: 422, kind: 'auth' });
    expect(connected.response.status).toBe(201);
    expect(refused.response.status).toBe(422);
    expect(read.data?.hasPassword).toBe(true);
    expect(readByStaff.data?.id).toBe(id);
    expect(readMissing.response.status).toBe(404);
    expect(patched.data?.addresses).toHaveLength(2);
    expect([etag(read), etag(patched)]).toEqual(['"1"', '"2"']);
    expect([stale.response.status, withoutIfMatch.response.status]).toEqual([412, 428]);
    expect(stale.error).toMatchObject({ currentVersion: 2 });
    expect([patchMissing.response.status, syncMissing.response.status]).toEqual([404, 404]);
    expect(synced.data).toEqual({ queued: true });
    expect(list.data?.items.map((m) => m.id)).toEqual([id]);
    expect(listByStaff.data?.items.map((m) => m.id)).toEqual([id]);
    expect(listAnonymous.response.status).toBe(401);
    expect([deleted.response.status, deletedAgain.response.status]).toEqual([204, 404]);
    expect(problems.data).toMatchObject({ mailboxId: id, counts: { unfetchable: 1, too_large: 0, unparsable: 0, total: 1 }, items: [{ id: problemId, kind: 'unfetchable' }], nextCursor: null });
    expect(retried.response.status).toBe(202);
    expect(retried.data?.problem.retryRequestedAt).toEqual(expect.any(String));
    expect([problemsMissing.response.status, retryMissing.response.status]).toEqual([404, 404]);
    expect(healthByStaff.data).toMatchObject({ mailboxId: id, advice: expect.any(Array), items: expect.any(Array), nextCursor: null });
    expect(healthMissing.response.status).toBe(404);
  });

  it('mailbox preview: ask for one, read its answer from the sync function', async () => {
    const id = ids.mailbox!;
    const preview = await admin.POST('/mailboxes/{id}/preview', { params: { path: { id } }, body: { historyDays: 7 } });
    const previewMissing = await admin.POST('/mailboxes/{id}/preview', { params: { path: { id: unknownUlid } }, body: {} });
    const previewByStaff = await staff.POST('/mailboxes/{id}/preview', { params: { path: { id } }, body: {} });
    const previewRead = await eventually(() => admin.GET('/mailboxes/{id}/previews/{previewId}', { params: { path: { id, previewId: preview.data!.id } } }),
      (r) => r.data?.status !== 'running', 45_000);
    const previewReadMissing = await admin.GET('/mailboxes/{id}/previews/{previewId}', { params: { path: { id, previewId: unknownUlid } } });

    expect(preview.data).toMatchObject({ mailboxId: id, status: 'running', historyDays: 7 });
    expect([previewMissing.response.status, previewByStaff.response.status, previewReadMissing.response.status]).toEqual([404, 403, 404]);
    expect(previewRead.data).toMatchObject({ status: 'done', result: { historyDays: 7, creates: expect.objectContaining({ messages: expect.any(Number) }) } });
  });

  it('mailbox SMTP: set with If-Match, refuse a metadata host, remove', async () => {
    const spare = await admin.POST('/mailboxes', { body: mailboxSettings() });
    const id = spare.data!.id;
    const smtp = { host: '127.0.0.1', port: 2525, security: 'plain' as const, allowInsecure: true, password: imapUser.password, appendToSent: false };
    const put = await admin.PUT('/mailboxes/{id}/smtp', { params: { path: { id }, header: { 'If-Match': etag(spare) } }, body: smtp });
    const metadata = await admin.PUT('/mailboxes/{id}/smtp', { params: { path: { id }, header: { 'If-Match': etag(put) } }, body: { ...smtp, host: '169.254.169.254' } });
    const putByStaff = await staff.PUT('/mailboxes/{id}/smtp', { params: { path: { id }, header: { 'If-Match': etag(put) } }, body: smtp });
    const removed = await admin.DELETE('/mailboxes/{id}/smtp', { params: { path: { id }, header: { 'If-Match': etag(put) } } });
    const removeMissing = await admin.DELETE('/mailboxes/{id}/smtp', { params: { path: { id: unknownUlid }, header: { 'If-Match': '"1"' } } });
    await admin.DELETE('/mailboxes/{id}', { params: { path: { id } } });

    expect(put.data?.smtp).toEqual({ host: '127.0.0.1', port: 2525, security: 'plain', allowInsecure: true, auth: 'mailbox', username: imapUser.user, appendToSent: false });
    expect(metadata.error).toMatchObject({ status: 422, kind: 'blocked-host' });
    expect(putByStaff.response.status).toBe(403);
    expect(removed.data?.smtp).toBeUndefined();
    expect(removeMissing.response.status).toBe(404);
  });

  it('mailbox OAuth2: start, consent at the local authorization server, callback, re-authorize', async () => {
    const anonymous = typedAnonymous();
    const username = OAUTH_GATEWAY_USERS[0];
    const started = await admin.POST('/mailboxes/oauth/start', { body: { provider: 'local', username, addresses: [username] } });
    const startedByStaff = await staff.POST('/mailboxes/oauth/start', { body: { provider: 'local', username } });
    const notConfigured = await admin.POST('/mailboxes/oauth/start', { body: { provider: 'google', username } });
    const consent = new URL((await fetch(started.data!.authorizeUrl, { redirect: 'manual' })).headers.get('location')!);
    const query = { state: consent.searchParams.get('state')!, code: consent.searchParams.get('code')! };
    const page = await anonymous.GET('/mailboxes/oauth/callback', { params: { query }, parseAs: 'text' });
    const replayed = await anonymous.GET('/mailboxes/oauth/callback', { params: { query } });
    const mailbox = (await admin.GET('/mailboxes')).data!.items.find((m) => m.username === username)!;
    const again = await admin.POST('/mailboxes/oauth/start', { body: { provider: 'local', mailboxId: mailbox.id } });
    const declined = await anonymous.GET('/mailboxes/oauth/callback', {
      params: { query: { state: new URL(again.data!.authorizeUrl).searchParams.get('state')!, error: 'access_denied' } },
    });

    expect(started.response.status).toBe(200);
    expect(new URL(started.data!.authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
    expect(startedByStaff.response.status).toBe(403);
    expect(notConfigured.error).toMatchObject({ status: 422, provider: 'google' });
    expect(page.response.status).toBe(200);
    expect(page.data).toContain(username);
    expect(replayed.error).toMatchObject({ status: 400, type: expect.stringContaining('oauth-state-invalid') });
    expect(mailbox).toMatchObject({ oauth: { provider: 'local', status: 'authorized' }, hasPassword: true });
    expect(declined.error).toMatchObject({ status: 403, providerError: 'access_denied' });
  });

  it('mail: threads, messages, attachments and activity timelines', async () => {
    const threads = await eventually(() => staff.GET('/threads', { params: { query: { limit: 10 } } }), (r) => (r.data?.items.length ?? 0) >= 2);
    const order = threads.data!.items.find((t) => t.subject.startsWith('Order'))!;
    const po = threads.data!.items.find((t) => t.subject.includes('PO-1042'))!;
    const thread = await staff.GET('/threads/{id}', { params: { path: { id: po.id } } });
    const threadMissing = await staff.GET('/threads/{id}', { params: { path: { id: unknownHex } } });
    const badCursor = await staff.GET('/threads', { params: { query: { cursor: 'x'.repeat(40) } } });
    const poMessageId = thread.data!.messages[0]!.id;
    const message = await staff.GET('/messages/{id}', { params: { path: { id: poMessageId } } });
    const messageMalformed = await staff.GET('/messages/{id}', { params: { path: { id: 'msg-1' } } });
    const attachment = await staff.GET('/messages/{id}/attachments/{n}', { params: { path: { id: poMessageId, n: '0' } } });
    const noAttachment = await staff.GET('/messages/{id}/attachments/{n}', { params: { path: { id: poMessageId, n: '99' } } });
    const contactActivity = await staff.GET('/contacts/{id}/activity', { params: { path: { id: ids.contact! } } });
    const contactMissing = await staff.GET('/contacts/{id}/activity', { params: { path: { id: unknownUlid } } });
    const companyActivity = await staff.GET('/companies/{id}/activity', { params: { path: { id: ids.company! } } });
    const companyMalformed = await staff.GET('/companies/{id}/activity', { params: { path: { id: 'acme' } } });
    ids.orderMessage = (await staff.GET('/threads/{id}', { params: { path: { id: order.id } } })).data!.messages[0]!.id;
    ids.thread = po.id;
    const reply = await staff.POST('/threads/{id}/reply', { params: { path: { id: po.id } }, body: { text: 'Thanks, we are on it.' } });
    const injected = await staff.POST('/threads/{id}/reply', { params: { path: { id: po.id } }, body: { text: 'x', subject: 'Re: PO\r\nBcc: spy@evil.example' } });
    const replyMissing = await staff.POST('/threads/{id}/reply', { params: { path: { id: unknownHex } }, body: { text: 'x' } });
    const emailed = await staff.POST('/contacts/{id}/emails', { params: { path: { id: ids.contact! } }, body: { subject: 'Your quote', text: 'Attached.' } });
    const emailMissing = await staff.POST('/contacts/{id}/emails', { params: { path: { id: unknownUlid } }, body: { subject: 'Your quote', text: 'x' } });

    expect(thread.data?.messages).toHaveLength(1);
    expect([threadMissing.response.status, badCursor.response.status, messageMalformed.response.status]).toEqual([404, 400, 400]);
    expect(message.data?.attachments.length).toBeGreaterThanOrEqual(1);
    expect(attachment.response.status).toBe(302);
    // openapi-fetch hands a 3xx body over as `error`.
    expect(attachment.response.headers.get('location')).toBe((attachment.error as unknown as { url: string }).url);
    expect(noAttachment.response.status).toBe(404);
    expect(contactActivity.data?.items.map((a) => (a.kind === 'mail' ? a.messageId : a.kind))).toEqual([ids.orderMessage]);
    expect(contactMissing.response.status).toBe(404);
    expect(companyActivity.data?.items.length).toBeGreaterThanOrEqual(1);
    expect(companyMalformed.response.status).toBe(400);
    expect(reply.data).toMatchObject({ threadId: po.id, status: 'sent' });
    expect([injected.response.status, replyMissing.response.status]).toEqual([400, 404]);
    expect(emailed.data).toMatchObject({ subject: 'Your quote', status: 'sent' });
    expect(emailMissing.response.status).toBe(404);
  });

  it('manual links: link a thread to a company by hand, unlink it', async () => {
    const path = { id: ids.thread! };
    // The reply sent above joins this thread asynchronously (its copy in Sent); link once it has, so the count is fixed.
    await eventually(() => staff.GET('/threads/{id}', { params: { path } }), (r) => (r.data?.messages.length ?? 0) === 2);
    const linked = await staff.POST('/threads/{id}/links', { params: { path }, body: { companyId: ids.company! } });
    const linkMissing = await staff.POST('/threads/{id}/links', { params: { path: { id: unknownHex } }, body: { companyId: ids.company! } });
    const unlinked = await staff.DELETE('/threads/{id}/links/{kind}/{ownerId}', { params: { path: { ...path, kind: 'company', ownerId: ids.company! } } });
    const unlinkMissing = await staff.DELETE('/threads/{id}/links/{kind}/{ownerId}', { params: { path: { ...path, kind: 'company', ownerId: unknownUlid } } });

    expect(linked.data).toMatchObject({ threadId: ids.thread, kind: 'company', ownerId: ids.company, messages: 2 });
    expect(unlinked.data).toMatchObject({ threadId: ids.thread, kind: 'company', ownerId: ids.company, messages: 2 });
    expect([linkMissing.response.status, unlinkMissing.response.status]).toEqual([404, 404]);
  });

  it('manual links: create a contact from a message sender', async () => {
    const messageId = (await staff.GET('/threads/{id}', { params: { path: { id: ids.thread! } } })).data!.messages[0]!.id;
    const made = await staff.POST('/messages/{id}/contact', { params: { path: { id: messageId } } });
    const missing = await staff.POST('/messages/{id}/contact', { params: { path: { id: unknownHex } } });

    expect(made.data).toMatchObject({ messageId, contactId: expect.any(String) });
    expect(missing.response.status).toBe(404);
  });

  it('inbox: filtered and searched threads, counts per filter', async () => {
    const all = await staff.GET('/inbox', { params: { query: { limit: 10 } } });
    const search = await staff.GET('/inbox', { params: { query: { q: 'po-1042', status: 'open' } } });
    const badFlag = await staff.GET('/inbox', { params: { query: { unread: 'yes' as 'true' } } });
    const counts = await staff.GET('/inbox/counts');
    const anonymous = await typedAnonymous().GET('/inbox/counts');
    const id = all.data!.items[0]!.id;
    const assigned = await staff.PATCH('/threads/{id}', { params: { path: { id }, header: { 'If-Match': '"0"' } }, body: { assigneeId: 'me-myself', status: 'completed' } });
    const stale = await staff.PATCH('/threads/{id}', { params: { path: { id }, header: { 'If-Match': '"0"' } }, body: { status: 'open' } });

    expect(all.data?.items.length).toBeGreaterThanOrEqual(2);
    expect(search.data?.items.map((t) => t.subject)).toEqual([expect.stringContaining('PO-1042')]);
    expect(badFlag.response.status).toBe(400);
    expect(counts.data?.all).toBe(all.data?.items.length);
    expect(anonymous.response.status).toBe(401);
    expect(assigned.data).toMatchObject({ assigneeId: 'me-myself', status: 'completed', version: 1 });
    expect(stale.error).toMatchObject({ status: 412, currentVersion: 1 });
  });

  it('orders: draft, confirm once, list, read, resend the link, Stripe webhook', async () => {
    const messageId = ids.orderMessage!;
    const draft = await staff.POST('/messages/{id}/draft-order', { params: { path: { id: messageId } } });
    const draftMissing = await staff.POST('/messages/{id}/draft-order', { params: { path: { id: unknownHex } } });
    // Its own address: payment and receipt mails land in the SES store that other tests read by recipient.
    const body = {
      messageId, customerEmail: `buyer-${spaceId}@northwind.example`, memo: draft.data!.memo, currency: draft.data!.currency ?? 'USD',
      lines: draft.data!.lines.map(({ productId, sku, description, quantity, unitAmount }) => ({ productId, sku, description, quantity, unitAmount })),
    };
    const key = `contract-${spaceId}`;
    const confirmed = await staff.POST('/orders', { params: { header: { 'Idempotency-Key': key } }, body });
    const replayed = await staff.POST('/orders', { params: { header: { 'Idempotency-Key': key } }, body });
    const reused = await staff.POST('/orders', { params: { header: { 'Idempotency-Key': key } }, body: { ...body, memo: 'Another memo' } });
    const orderId = confirmed.data!.id;
    const list = await staff.GET('/orders', { params: { query: { status: 'awaiting_payment' } } });
    const badStatus = await staff.GET('/orders', { params: { query: { status: 'open' as 'paid' } } });
    const read = await staff.GET('/orders/{id}', { params: { path: { id: orderId } } });
    const readMalformed = await staff.GET('/orders/{id}', { params: { path: { id: '42' } } });
    // A link just sent is not sent again within the cooldown; once the session expires it is.
    const tooSoon = await staff.POST('/orders/{id}/resend-link', { params: { path: { id: orderId } } });
    const expired = await postStripeEvent('checkout.session.expired', read.data!);
    const resent = await staff.POST('/orders/{id}/resend-link', { params: { path: { id: orderId } } });
    const paid = await postStripeEvent('checkout.session.completed', resent.data!);
    const forged = await typedAnonymous().POST('/webhooks/stripe', { body: { id: 'evt_forged' }, params: { header: { 'Stripe-Signature': 't=1,v1=00' } } });
    const resendPaid = await staff.POST('/orders/{id}/resend-link', { params: { path: { id: orderId } } });
    const draftAgain = await staff.POST('/messages/{id}/draft-order', { params: { path: { id: messageId } } });

    expect(draft.data?.lines).toEqual([expect.objectContaining({ sku: 'W-L-BLK', quantity: 5 })]);
    expect(draftMissing.response.status).toBe(404);
    expect([confirmed.response.status, replayed.response.status, reused.response.status]).toEqual([201, 200, 409]);
    expect(replayed.data?.id).toBe(orderId);
    expect(list.data?.items.map((o) => o.id)).toEqual([orderId]);
    expect([badStatus.response.status, readMalformed.response.status]).toEqual([400, 400]);
    expect(tooSoon.error).toMatchObject({ status: 429, type: expect.stringMatching(/payment-email-cooldown$/) });
    expect(expired.data).toEqual({ received: true, outcome: 'applied' });
    expect(resent.data?.status).toBe('awaiting_payment');
    expect(resent.data?.checkoutSessionId).not.toBe(read.data!.checkoutSessionId);
    expect(paid.data).toEqual({ received: true, outcome: 'applied' });
    expect(forged.error).toMatchObject({ status: 400, reason: 'timestamp' });
    expect(resendPaid.error).toMatchObject({ status: 409, orderStatus: 'paid' });
    expect(draftAgain.error).toMatchObject({ status: 409, reason: 'has-order' });
    ids.order = orderId;
  });

  it('settings: mail rules with If-Match, audit trail, staff', async () => {
    const rules = await staff.GET('/settings/mail-rules');
    const saved = await admin.PUT('/settings/mail-rules', { params: { header: { 'If-Match': etag(rules) } }, body: { blocklist: ['@newsletters.example'] } });
    const withoutIfMatch = await admin.PUT('/settings/mail-rules', { params: {} as never, body: { blocklist: [] } });
    const anonymous = await typedAnonymous().GET('/settings/mail-rules');
    const audit = await staff.GET('/audit', { params: { query: { entity: `contact:${ids.contact!}` } } });
    const badAudit = await staff.GET('/audit', { params: { query: { entity: 'invoice' } } });
    const staffList = await admin.GET('/staff');
    const firstPage = await admin.GET('/staff', { params: { query: { limit: 1 } } });
    const secondPage = await admin.GET('/staff', { params: { query: { limit: 1, cursor: firstPage.data?.nextCursor ?? '' } } });
    const staffByStaff = await staff.GET('/staff');
    const signature = await staff.GET('/settings/mail-signature');
    const signed = await admin.PUT('/settings/mail-signature', { params: { header: { 'If-Match': etag(signature) } }, body: { text: 'Acme Supplies' } });
    const signedByStaff = await staff.PUT('/settings/mail-signature', { params: { header: { 'If-Match': '"1"' } }, body: { text: 'Staff' } });
    const signatureAnonymous = await typedAnonymous().GET('/settings/mail-signature');
    const reapply = await admin.POST('/settings/mail-rules/reapply', { params: { header: { 'Idempotency-Key': 'contract-reapply' } }, body: { days: 7 } });
    const reapplyJob = await eventually(() => admin.GET('/settings/mail-rules/reapply/{jobId}', { params: { path: { jobId: reapply.data!.id } } }), (r) => r.data?.status === 'done');
    const reapplyMissing = await admin.GET('/settings/mail-rules/reapply/{jobId}', { params: { path: { jobId: unknownUlid } } });
    const reapplyByStaff = await staff.POST('/settings/mail-rules/reapply', { params: { header: {} }, body: { days: 7 } });

    expect(signature.data).toEqual({ text: '', version: 0 });
    expect(signed.data).toEqual({ text: 'Acme Supplies', version: 1 });
    expect(signedByStaff.response.status).toBe(403);
    expect(signatureAnonymous.response.status).toBe(401);
    expect(rules.data?.version).toBe(0);
    expect(saved.data).toMatchObject({ version: 1, rules: { blocklist: ['@newsletters.example'] } });
    expect(withoutIfMatch.response.status).toBe(428);
    expect(anonymous.response.status).toBe(401);
    expect(audit.data?.items.map((a) => a.action)).toEqual(['update', 'create']);
    expect(badAudit.response.status).toBe(400);
    expect(staffList.data?.items.map((s) => s.role).sort()).toEqual(['admin', 'staff']);
    expect([...firstPage.data!.items, ...secondPage.data!.items].map((s) => s.userId).sort()).toEqual(staffList.data!.items.map((s) => s.userId).sort());
    expect(staffByStaff.response.status).toBe(403);
    expect(reapply.response.status).toBe(202);
    expect(reapplyJob.data).toMatchObject({ id: reapply.data!.id, status: 'done', days: 7, changed: 0 });
    expect(reapplyMissing.response.status).toBe(404);
    expect(reapplyByStaff.response.status).toBe(403);
  });

  it('custom fields: define, list, read, rename with If-Match, archive, restore', async () => {
    const created = await admin.POST('/settings/custom-fields', { body: { entity: 'contact', key: 'industry', label: 'Industry', type: 'single_select', filterable: true, options: [{ key: 'retail', label: 'Retail' }] } });
    const byStaff = await staff.POST('/settings/custom-fields', { body: { entity: 'contact', key: 'region_code', label: 'Region', type: 'text' } });
    const id = created.data!.id;
    const list = await staff.GET('/settings/custom-fields', { params: { query: { entity: 'contact' } } });
    const badList = await staff.GET('/settings/custom-fields', { params: { query: { entity: 'invoice' as never } } });
    const read = await staff.GET('/settings/custom-fields/{id}', { params: { path: { id } } });
    const missing = await staff.GET('/settings/custom-fields/{id}', { params: { path: { id: 'cf_unknown' } } });
    const renamed = await admin.PATCH('/settings/custom-fields/{id}', { params: { path: { id }, header: { 'If-Match': etag(read) } }, body: { label: 'Sector' } });
    const stale = await admin.PATCH('/settings/custom-fields/{id}', { params: { path: { id }, header: { 'If-Match': etag(read) } }, body: { label: 'Trade' } });
    const archived = await admin.DELETE('/settings/custom-fields/{id}', { params: { path: { id } } });
    const archiveMissing = await admin.DELETE('/settings/custom-fields/{id}', { params: { path: { id: 'cf_unknown' } } });
    const restored = await admin.POST('/settings/custom-fields/{id}/restore', { params: { path: { id } } });
    const restoreMissing = await admin.POST('/settings/custom-fields/{id}/restore', { params: { path: { id: 'cf_unknown' } } });

    expect(created.response.status).toBe(201);
    expect(byStaff.response.status).toBe(403);
    expect(list.data?.items.map((f) => f.id)).toContain(id);
    expect(list.data?.items[0]?.builtIn).toBe(true);
    expect(badList.response.status).toBe(400);
    expect(renamed.data).toMatchObject({ id, key: 'industry', label: 'Sector', version: 2 });
    expect([stale.response.status, missing.response.status, archiveMissing.response.status, restoreMissing.response.status]).toEqual([412, 404, 404, 404]);
    expect(archived.data?.status).toBe('archived');
    expect(restored.data).toMatchObject({ status: 'active', label: 'Sector' });
  });

  it('assistant: settings with If-Match and every scenario through the offline assistant, nothing sent', async () => {
    const settings = await staff.GET('/settings/assistant');
    const saved = await admin.PUT('/settings/assistant', { params: { header: { 'If-Match': etag(settings) } }, body: { enabled: false } });
    const withoutIfMatch = await admin.PUT('/settings/assistant', { params: {} as never, body: { enabled: false } });
    const anonymous = await typedAnonymous().GET('/settings/assistant');
    const contact = { contactId: ids.contact! };
    const answers = [
      await staff.POST('/assistant/proposal-draft', { body: { ...contact, brief: '20 widgets' } }),
      await staff.POST('/assistant/follow-up-draft', { body: { threadId: ids.thread! } }),
      await staff.POST('/assistant/mail-analysis', { body: contact }),
      await staff.POST('/assistant/thread-summary', { body: { threadId: ids.thread! } }),
      await staff.POST('/assistant/call-prep', { body: contact }),
      await staff.POST('/assistant/company-briefing', { body: { companyId: ids.company! } }),
      await staff.POST('/assistant/smart-profile', { body: contact }),
    ];
    const refusals = [
      await staff.POST('/assistant/proposal-draft', { body: { contactId: unknownUlid } }),
      await staff.POST('/assistant/follow-up-draft', { body: { threadId: unknownHex } }),
      await staff.POST('/assistant/mail-analysis', { body: { ...contact, companyId: ids.company! } }),
      await staff.POST('/assistant/thread-summary', { body: { threadId: 'not-a-thread' } }),
      await staff.POST('/assistant/call-prep', { body: { contactId: unknownUlid } }),
      await staff.POST('/assistant/company-briefing', { body: { companyId: unknownUlid } }),
      await staff.POST('/assistant/smart-profile', { body: {} as never }),
    ];

    expect(settings.data).toMatchObject({ enabled: false, mode: 'offline', version: 0 });
    expect(saved.data?.version).toBe(1);
    expect([withoutIfMatch.response.status, anonymous.response.status]).toEqual([428, 401]);
    expect(answers.map((a) => a.response.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.data?.assistant.offline)).toEqual([true, true, true, true, true, true, true]);
    expect(refusals.map((r) => r.response.status)).toEqual([404, 404, 400, 400, 404, 404, 400]);
  });

  it('workspace: activities, stages, opportunities, quotation to order, comments, calendar feed, merge requests, stats', async () => {
    const anonymous = typedAnonymous();
    const activity = await staff.POST('/activities', { body: { type: 'call', subject: 'Intro call', at: new Date().toISOString(), contactIds: [ids.contact!] } });
    const activityBadLink = await staff.POST('/activities', { body: { type: 'call', subject: 'Nobody', at: new Date().toISOString(), contactIds: [unknownUlid] } });
    const activityId = activity.data!.id;
    const activityRead = await staff.GET('/activities/{id}', { params: { path: { id: activityId } } });
    const activityMissing = await staff.GET('/activities/{id}', { params: { path: { id: unknownUlid } } });
    const activityPatched = await staff.PATCH('/activities/{id}', { params: { path: { id: activityId }, header: { 'If-Match': etag(activityRead) } }, body: { outcome: 'Call back next week' } });
    const activityStale = await staff.PATCH('/activities/{id}', { params: { path: { id: activityId }, header: { 'If-Match': etag(activityRead) } }, body: { outcome: 'Stale' } });
    const activityDeleted = await staff.DELETE('/activities/{id}', { params: { path: { id: activityId } } });
    const activityDeletedAgain = await staff.DELETE('/activities/{id}', { params: { path: { id: activityId } } });

    const stages = await staff.GET('/settings/opportunity-stages');
    const stagesAnonymous = await anonymous.GET('/settings/opportunity-stages');
    const stagesSaved = await admin.PUT('/settings/opportunity-stages', { params: { header: { 'If-Match': etag(stages) } }, body: { stages: stages.data!.stages } });
    const stagesByStaff = await staff.PUT('/settings/opportunity-stages', { params: { header: { 'If-Match': etag(stagesSaved) } }, body: { stages: stages.data!.stages } });

    const opportunity = (name: string) => admin.POST('/opportunities', { body: { name, companyId: ids.company!, contactIds: [ids.contact!], currency: 'USD', stageId: 'proposal' } });
    const deal = await opportunity('Spring restock');
    const dealToCancel = await opportunity('Autumn restock');
    const dealBadCompany = await admin.POST('/opportunities', { body: { name: 'Nowhere', companyId: unknownUlid, currency: 'USD' } });
    const dealId = deal.data!.id;
    const dealsInStage = await staff.GET('/opportunities', { params: { query: { stageId: 'proposal' } } });
    const dealsBadLimit = await staff.GET('/opportunities', { params: { query: { stageId: 'proposal', limit: 0 } } });
    const dealRead = await staff.GET('/opportunities/{id}', { params: { path: { id: dealId } } });
    const dealMissing = await staff.GET('/opportunities/{id}', { params: { path: { id: unknownUlid } } });
    const notWon = await staff.POST('/opportunities/{id}/order', { params: { path: { id: dealId } }, body: {} });
    const quoted = await admin.PUT('/opportunities/{id}/quotation', { params: { path: { id: dealId }, header: { 'If-Match': etag(dealRead) } }, body: { currency: 'USD', lines: [{ description: 'Pilot pack', quantity: 2, priceOverride: { unitAmount: 1500, reason: 'pilot price' } }] } });
    expect(quoted.error).toBeUndefined();
    const quoteStale = await admin.PUT('/opportunities/{id}/quotation', { params: { path: { id: dealId }, header: { 'If-Match': etag(dealRead) } }, body: { currency: 'USD', lines: [{ description: 'Pilot pack', quantity: 3, priceOverride: { unitAmount: 1500, reason: 'pilot price' } }] } });
    const won = await staff.PATCH('/opportunities/{id}', { params: { path: { id: dealId }, header: { 'If-Match': etag(quoted) } }, body: { stageId: 'won' } });
    const wonWithoutIfMatch = await staff.PATCH('/opportunities/{id}', { params: { path: { id: dealId } } as never, body: { stageId: 'won' } });
    const customerEmail = `deal-${spaceId}@northwind.example`;
    const dealOrder = await staff.POST('/opportunities/{id}/order', { params: { path: { id: dealId } }, body: { customerEmail } });
    const companyDeals = await staff.GET('/companies/{id}/opportunities', { params: { path: { id: ids.company! } } });
    const companyDealsMissing = await staff.GET('/companies/{id}/opportunities', { params: { path: { id: unknownUlid } } });
    const contactDeals = await staff.GET('/contacts/{id}/opportunities', { params: { path: { id: ids.contact! } } });
    const contactDealsMissing = await staff.GET('/contacts/{id}/opportunities', { params: { path: { id: unknownUlid } } });

    const cancelId = dealToCancel.data!.id;
    const cancelRead = await admin.GET('/opportunities/{id}', { params: { path: { id: cancelId } } });
    const cancelQuoted = await admin.PUT('/opportunities/{id}/quotation', { params: { path: { id: cancelId }, header: { 'If-Match': etag(cancelRead) } }, body: { currency: 'USD', lines: [{ description: 'Autumn pack', quantity: 1, priceOverride: { unitAmount: 2500, reason: 'autumn price' } }] } });
    await admin.PATCH('/opportunities/{id}', { params: { path: { id: cancelId }, header: { 'If-Match': etag(cancelQuoted) } }, body: { stageId: 'won' } });
    const orderToCancel = await staff.POST('/opportunities/{id}/order', { params: { path: { id: cancelId } }, body: { customerEmail } });
    const cancelled = await staff.POST('/orders/{id}/cancel', { params: { path: { id: orderToCancel.data!.id } } });
    const cancelPaid = await staff.POST('/orders/{id}/cancel', { params: { path: { id: ids.order! } } });
    // The fake Stripe's hosted page pays the session and delivers checkout.session.completed to the webhook before it answers.
    expect((await fetch(`${dealOrder.data!.checkoutUrl!}/pay`, { method: 'POST' })).status).toBe(200);
    const refunded = await admin.POST('/orders/{id}/refund', { params: { path: { id: dealOrder.data!.id } }, body: { reason: 'requested_by_customer' } });
    const refundByStaff = await staff.POST('/orders/{id}/refund', { params: { path: { id: dealOrder.data!.id } }, body: {} });
    const contactOrders = await staff.GET('/contacts/{id}/orders', { params: { path: { id: ids.contact! } } });
    const contactOrdersMissing = await staff.GET('/contacts/{id}/orders', { params: { path: { id: unknownUlid } } });
    const companyOrders = await staff.GET('/companies/{id}/orders', { params: { path: { id: ids.company! } } });
    const companyOrdersMissing = await staff.GET('/companies/{id}/orders', { params: { path: { id: unknownUlid } } });

    const comment = await admin.POST('/comments', { body: { target: { kind: 'opportunity', id: dealId }, body: 'Pilot agreed, order sent' } });
    const commentNoTarget = await admin.POST('/comments', { body: { target: { kind: 'opportunity', id: unknownUlid }, body: 'Lost in space' } });
    const commentByOther = await staff.PATCH('/comments/{id}', { params: { path: { id: comment.data!.id }, header: { 'If-Match': etag(comment) } }, body: { body: 'Not mine' } });
    const commentEdited = await admin.PATCH('/comments/{id}', { params: { path: { id: comment.data!.id }, header: { 'If-Match': etag(comment) } }, body: { body: 'Pilot agreed, order paid' } });
    const onDeal = await staff.GET('/opportunities/{id}/comments', { params: { path: { id: dealId } } });
    const onDealMissing = await staff.GET('/opportunities/{id}/comments', { params: { path: { id: unknownUlid } } });
    const onContact = await staff.GET('/contacts/{id}/comments', { params: { path: { id: ids.contact! } } });
    const onContactMissing = await staff.GET('/contacts/{id}/comments', { params: { path: { id: unknownUlid } } });
    const onCompany = await staff.GET('/companies/{id}/comments', { params: { path: { id: ids.company! } } });
    const onCompanyMissing = await staff.GET('/companies/{id}/comments', { params: { path: { id: unknownUlid } } });
    const mentions = await staff.GET('/me/mentions');
    const mentionsBadLimit = await staff.GET('/me/mentions', { params: { query: { limit: 0 } } });
    const commentDeleted = await admin.DELETE('/comments/{id}', { params: { path: { id: comment.data!.id } } });
    const commentDeletedAgain = await admin.DELETE('/comments/{id}', { params: { path: { id: comment.data!.id } } });

    const feed = await staff.POST('/me/calendar-feed');
    const feedAnonymous = await anonymous.POST('/me/calendar-feed');
    const calendar = await anonymous.GET('/calendar/{token}', { params: { path: { token: feed.data!.token } }, parseAs: 'text' });
    const revoked = await staff.DELETE('/me/calendar-feed');
    const revokeAnonymous = await anonymous.DELETE('/me/calendar-feed');
    const calendarRevoked = await anonymous.GET('/calendar/{token}', { params: { path: { token: feed.data!.token } }, parseAs: 'text' });

    const person = async (n: number) => (await admin.POST('/contacts', { body: { name: `Merge ${n}`, emails: [`merge-${n}-${spaceId}@northwind.example`] } })).data!.id;
    const [master, first, second] = [await person(1), await person(2), await person(3)];
    const proposed = await staff.POST('/merge-requests', { body: { entity: 'contact', masterId: master, mergedIds: [first] } });
    const toWithdraw = await staff.POST('/merge-requests', { body: { entity: 'contact', masterId: master, mergedIds: [second] } });
    const proposeMissing = await staff.POST('/merge-requests', { body: { entity: 'contact', masterId: unknownUlid, mergedIds: [first] } });
    const pending = await staff.GET('/merge-requests');
    const pendingBadStatus = await staff.GET('/merge-requests', { params: { query: { status: 'open' as 'pending' } } });
    const request = await staff.GET('/merge-requests/{id}', { params: { path: { id: proposed.data!.id } } });
    const requestMissing = await staff.GET('/merge-requests/{id}', { params: { path: { id: unknownUlid } } });
    const withdrawn = await staff.POST('/merge-requests/{id}/cancel', { params: { path: { id: toWithdraw.data!.id } } });
    const confirmByStaff = await staff.POST('/merge-requests/{id}/confirm', { params: { path: { id: proposed.data!.id } } });
    const confirmed = await admin.POST('/merge-requests/{id}/confirm', { params: { path: { id: proposed.data!.id } } });
    const withdrawMerged = await staff.POST('/merge-requests/{id}/cancel', { params: { path: { id: proposed.data!.id } } });
    const confirmMissing = await admin.POST('/merge-requests/{id}/confirm', { params: { path: { id: unknownUlid } } });

    const companyStats = await staff.GET('/companies/{id}/stats', { params: { path: { id: ids.company! } } });
    const companyStatsMissing = await staff.GET('/companies/{id}/stats', { params: { path: { id: unknownUlid } } });
    const contactStats = await staff.GET('/contacts/{id}/stats', { params: { path: { id: ids.contact! } } });
    const contactStatsMissing = await staff.GET('/contacts/{id}/stats', { params: { path: { id: unknownUlid } } });
    const spaceStats = await staff.GET('/stats');
    const spaceStatsAnonymous = await anonymous.GET('/stats');

    expect([activity.response.status, activityBadLink.response.status, activityMissing.response.status]).toEqual([201, 400, 404]);
    expect(activityPatched.data?.outcome).toBe('Call back next week');
    expect([activityStale.response.status, activityDeleted.response.status, activityDeletedAgain.response.status]).toEqual([412, 204, 404]);
    expect(stages.data?.stages.map((s) => s.id)).toEqual(['qualification', 'proposal', 'negotiation', 'won', 'lost']);
    expect([stagesAnonymous.response.status, stagesSaved.response.status, stagesByStaff.response.status]).toEqual([401, 200, 403]);
    expect([deal.response.status, dealBadCompany.response.status, dealsBadLimit.response.status, dealMissing.response.status]).toEqual([201, 400, 400, 404]);
    expect(dealsInStage.data?.items.map((o) => o.id).sort()).toEqual([dealId, cancelId].sort());
    expect(notWon.error).toMatchObject({ status: 409, type: expect.stringMatching(/opportunity-not-orderable$/) });
    expect([quoted.data?.amount, quoteStale.response.status]).toEqual([3000, 412]);
    expect([won.data?.stageId, wonWithoutIfMatch.response.status]).toEqual(['won', 428]);
    expect(dealOrder.response.status).toBe(201);
    expect(dealOrder.data).toMatchObject({ status: 'awaiting_payment', opportunityId: dealId });
    expect(companyDeals.data?.items.map((o) => o.id).sort()).toEqual([dealId, cancelId].sort());
    expect(contactDeals.data?.items.map((o) => o.id).sort()).toEqual([dealId, cancelId].sort());
    expect([companyDealsMissing.response.status, contactDealsMissing.response.status]).toEqual([404, 404]);
    expect(cancelled.data?.status).toBe('cancelled');
    expect(cancelPaid.error).toMatchObject({ status: 409, type: expect.stringMatching(/order-not-cancellable$/) });
    expect(refunded.data?.refunds).toEqual([expect.objectContaining({ amount: 3000, state: 'accepted' })]);
    expect(refundByStaff.response.status).toBe(403);
    expect(contactOrders.response.status).toBe(200);
    expect(companyOrders.data?.items.map((o) => o.id)).toEqual(expect.arrayContaining([dealOrder.data!.id, orderToCancel.data!.id]));
    expect([contactOrdersMissing.response.status, companyOrdersMissing.response.status]).toEqual([404, 404]);
    expect([comment.response.status, commentNoTarget.response.status, commentByOther.response.status]).toEqual([201, 400, 403]);
    expect(commentEdited.data?.body).toBe('Pilot agreed, order paid');
    expect(onDeal.data?.items.map((c) => c.id)).toEqual([comment.data!.id]);
    expect([onContact.response.status, onCompany.response.status, mentions.response.status]).toEqual([200, 200, 200]);
    expect([onDealMissing.response.status, onContactMissing.response.status, onCompanyMissing.response.status, mentionsBadLimit.response.status]).toEqual([404, 404, 404, 400]);
    expect([commentDeleted.response.status, commentDeletedAgain.response.status]).toEqual([204, 404]);
    expect([feed.response.status, feedAnonymous.response.status, revoked.response.status, revokeAnonymous.response.status]).toEqual([201, 401, 204, 401]);
    expect(calendar.data).toContain('BEGIN:VCALENDAR');
    expect(calendarRevoked.response.status).toBe(404);
    expect([proposed.response.status, toWithdraw.response.status, proposeMissing.response.status]).toEqual([201, 201, 404]);
    expect(pending.data?.items.map((r) => r.id).sort()).toEqual([proposed.data!.id, toWithdraw.data!.id].sort());
    expect([pendingBadStatus.response.status, request.response.status, requestMissing.response.status]).toEqual([400, 200, 404]);
    expect([withdrawn.data?.status, confirmed.data?.status]).toEqual(['cancelled', 'merged']);
    expect([confirmByStaff.response.status, withdrawMerged.response.status, confirmMissing.response.status]).toEqual([403, 409, 404]);
    expect(companyStats.data?.month).toMatch(/^\d{4}-\d{2}$/);
    expect([contactStats.response.status, spaceStats.response.status]).toEqual([200, 200]);
    expect([companyStatsMissing.response.status, contactStatsMissing.response.status, spaceStatsAnonymous.response.status]).toEqual([404, 404, 401]);
  });

  it('todos: from a thread and a message, lists, counts, read, complete with If-Match, a thread\'s to-dos', async () => {
    const todo = await staff.POST('/threads/{id}/todos', { params: { path: { id: ids.thread! } }, body: { title: 'Send the revised quote', due: '2030-03-06', timeZone: 'Europe/Berlin' } });
    const todoNoThread = await staff.POST('/threads/{id}/todos', { params: { path: { id: unknownHex } }, body: { title: 'x', due: '2030-03-06' } });
    const visit = await staff.POST('/messages/{id}/todos', { params: { path: { id: ids.orderMessage! } }, body: { kind: 'appointment', title: 'Site visit', start: '2030-03-10T14:00', end: '2030-03-10T15:00', timeZone: 'Europe/Berlin' } });
    const visitNoMessage = await staff.POST('/messages/{id}/todos', { params: { path: { id: unknownHex } }, body: { title: 'x', due: '2030-03-06' } });
    const mine = await staff.GET('/todos', { params: { query: { state: 'open', limit: 10 } } });
    const badState = await staff.GET('/todos', { params: { query: { state: 'done', overdue: 'true' } } });
    const counts = await staff.GET('/todos/counts', { params: { query: { assignee: 'me' } } });
    const badCounts = await staff.GET('/todos/counts', { params: { query: { assignee: '' } } });
    const read = await staff.GET('/todos/{id}', { params: { path: { id: todo.data!.id } } });
    const readMissing = await staff.GET('/todos/{id}', { params: { path: { id: unknownUlid } } });
    const done = await staff.PATCH('/todos/{id}', { params: { path: { id: todo.data!.id }, header: { 'If-Match': etag(read) } }, body: { done: true } });
    const stale = await staff.PATCH('/todos/{id}', { params: { path: { id: todo.data!.id }, header: { 'If-Match': etag(read) } }, body: { done: false } });
    const onThread = await staff.GET('/threads/{id}/todos', { params: { path: { id: ids.thread! }, query: { state: 'done' } } });
    const onMissingThread = await staff.GET('/threads/{id}/todos', { params: { path: { id: unknownHex } } });

    expect([todo.response.status, visit.response.status, todoNoThread.response.status, visitNoMessage.response.status]).toEqual([201, 201, 404, 404]);
    expect(mine.data?.items.map((t) => t.id)).toEqual(expect.arrayContaining([todo.data!.id, visit.data!.id]));
    expect([badState.response.status, badCounts.response.status]).toEqual([400, 400]);
    expect(counts.data?.open).toBeGreaterThanOrEqual(2);
    expect([read.response.status, readMissing.response.status]).toEqual([200, 404]);
    expect(done.data?.state).toBe('done');
    expect(stale.response.status).toBe(412);
    expect(onThread.data?.items.map((t) => t.id)).toEqual([todo.data!.id]);
    expect(onMissingThread.response.status).toBe(404);
  });

  it('captures: review queue, approve, merge, reject with blocklist, bulk', async () => {
    const captures = createCaptureStore(defaultTable());
    const propose = async (address: string) => {
      const capture = {
        spaceId, id: captureIdOf(spaceId, address), address, name: 'Kim Lee', companyDomain: 'capture.example', state: 'pending' as const, capturedAt: new Date().toISOString(),
        source: { messageId: unknownHex, threadId: unknownHex, subject: 'Hello', date: new Date().toISOString(), direction: 'inbound' as const },
      };
      await captures.proposeCapture(capture);
      return capture.id;
    };
    const [a, b, c, d] = await Promise.all(['kim@capture.example', 'lee@capture.example', 'max@capture.example', 'noa@capture.example'].map(propose));
    const target = await admin.POST('/contacts', { body: { name: 'Lee Target', emails: ['lee.target@capture.example'] } });

    const listed = await staff.GET('/captures', { params: { query: { limit: 10 } } });
    const badCursor = await staff.GET('/captures', { params: { query: { cursor: 'forged' } } });
    const approved = await staff.POST('/captures/{id}/approve', { params: { path: { id: a! } } });
    const approveMissing = await staff.POST('/captures/{id}/approve', { params: { path: { id: unknownHex } } });
    const merged = await staff.POST('/captures/{id}/merge', { params: { path: { id: b! } }, body: { contactId: target.data!.id } });
    const mergeDecided = await staff.POST('/captures/{id}/merge', { params: { path: { id: a! } }, body: { contactId: target.data!.id } });
    const blockByStaff = await staff.POST('/captures/{id}/reject', { params: { path: { id: c! } }, body: { blocklist: true } });
    const rejected = await admin.POST('/captures/{id}/reject', { params: { path: { id: c! } }, body: { blocklist: true } });
    const bulk = await staff.POST('/captures/bulk', { body: { action: 'approve', ids: [d!, c!] } });
    const bulkBlockByStaff = await staff.POST('/captures/bulk', { body: { action: 'reject', ids: [d!], blocklist: true } });

    expect(listed.data!.items.map((x) => x.id).sort()).toEqual([a, b, c, d].sort());
    expect(badCursor.response.status).toBe(400);
    expect(approved.data).toMatchObject({ state: 'approved' });
    expect(approveMissing.response.status).toBe(404);
    expect(merged.data).toMatchObject({ state: 'merged', contactId: target.data!.id });
    expect(mergeDecided.response.status).toBe(409);
    expect(blockByStaff.response.status).toBe(403);
    expect(rejected.data).toMatchObject({ state: 'rejected', blocklisted: true });
    expect(bulk.data!.results.map((r) => r.capture?.state ?? r.problem?.code)).toEqual(['approved', 'capture-decided']);
    expect(bulkBlockByStaff.response.status).toBe(403);
  });

  it('sms: settings with If-Match, texting a contact, the problems of both', async () => {
    const number = `+1206${String(Date.now()).slice(-7)}`;
    const contact = await admin.POST('/contacts', { body: { name: 'Sam Texter', phones: ['+44 7700 900456'] } });
    const id = contact.data!.id;

    const unconfigured = await staff.POST('/contacts/{id}/sms', { params: { path: { id } }, body: { body: 'Hello' } });
    const settings = await staff.GET('/settings/sms');
    const anonymous = await typedAnonymous().GET('/settings/sms');
    const byStaff = await staff.PUT('/settings/sms', { params: { header: { 'If-Match': '"0"' } }, body: { originationNumber: number } });
    const saved = await admin.PUT('/settings/sms', { params: { header: { 'If-Match': etag(settings) } }, body: { originationNumber: number } });
    const sent = await staff.POST('/contacts/{id}/sms', { params: { path: { id } }, body: { body: 'Hello' } });
    const removed = await admin.DELETE('/settings/sms', { params: { header: { 'If-Match': etag(saved) } } });
    const removedAgain = await admin.DELETE('/settings/sms', { params: { header: { 'If-Match': etag(saved) } } });

    expect(unconfigured.response.status).toBe(409);
    expect(settings.data).toMatchObject({ originationNumber: null, version: 0 });
    expect(anonymous.response.status).toBe(401);
    expect(byStaff.response.status).toBe(403);
    expect(saved.data).toMatchObject({ originationNumber: number, version: 1 });
    expect(sent.data).toMatchObject({ to: '+447700900456', from: number, status: 'sent' });
    expect(removed.data).toMatchObject({ originationNumber: null, version: 0 });
    expect(removedAgain.response.status).toBe(404);
  });

  it('deletes and trails: a thread\'s and a message\'s trail, one message deleted, the thread hidden in the CRM by an admin, a stale If-Match refused', async () => {
    const id = ids.thread!;
    const read = await staff.GET('/threads/{id}', { params: { path: { id } } });
    const version = read.data!.version;

    // The customer's mail, synced (the thread also holds the reply sent above).
    const messageId = read.data!.messages.find((m) => m.direction === 'inbound')!.id;
    const threadTrail = await staff.GET('/threads/{id}/trail', { params: { path: { id } } });
    const messageTrail = await staff.GET('/messages/{id}/trail', { params: { path: { id: messageId } } });
    const other = read.data!.messages.find((m) => m.id !== messageId);
    const messageMissing = await admin.DELETE('/messages/{id}', { params: { path: { id: unknownHex }, query: { mode: 'crm' }, header: { 'If-Match': `"${version}"` } } });
    const messageDeleted = other ? await admin.DELETE('/messages/{id}', { params: { path: { id: other.id }, query: { mode: 'crm' }, header: { 'If-Match': `"${version}"` } } }) : undefined;
    const now = messageDeleted ? version + 1 : version;
    const stale = await admin.DELETE('/threads/{id}', { params: { path: { id }, query: { mode: 'crm' }, header: { 'If-Match': `"${now + 5}"` } } });
    const deleted = await admin.DELETE('/threads/{id}', { params: { path: { id }, query: { mode: 'crm' }, header: { 'If-Match': `"${now}"`, 'Idempotency-Key': `del-${spaceId}` } } });
    const gone = await staff.GET('/threads/{id}', { params: { path: { id } } });
    const trailGone = await staff.GET('/threads/{id}/trail', { params: { path: { id } } });
    const messageTrailGone = await staff.GET('/messages/{id}/trail', { params: { path: { id: messageId } } });

    expect(messageMissing.response.status).toBe(404);
    expect(messageDeleted?.data).toMatchObject({ messageId: other?.id, threadId: id, mode: 'crm', threadDeleted: false });
    expect(stale.error).toMatchObject({ status: 412, currentVersion: now });
    expect(deleted.data).toMatchObject({ threadId: id, mode: 'crm', messages: expect.any(Number), mailboxJobs: 0 });
    expect(gone.response.status).toBe(404);
    expect(threadTrail.data?.items.map((r) => r.event)).toEqual(expect.arrayContaining(['synced', 'linked', 'unlinked']));
    expect(messageTrail.data?.items.filter((r) => r.event === 'synced')).toEqual([expect.objectContaining({
      messageId, source: 'message', imap: { mailboxId: expect.any(String), folders: [{ path: 'INBOX', uids: [expect.any(Number)], uidValidity: expect.stringMatching(/^\d+$/) }] },
    })]);
    expect([trailGone.response.status, messageTrailGone.response.status]).toEqual([404, 404]);
  });

  it('exercised every operation of the document, with a success and a problem answer each', () => {
    const seen = [...exercisedResponses()].map((r) => r.split(' ') as [string, string]);
    const ok = new Set(seen.filter(([, s]) => Number(s) < 400).map(([op]) => op));
    const failed = new Set(seen.filter(([, s]) => Number(s) >= 400).map(([op]) => op));
    const all = CONTRACTS.map((c) => c.operationId);

    const withoutSuccess = all.filter((op) => !ok.has(op));
    const withoutProblem = all.filter((op) => !failed.has(op));
    console.info(`contract: ${ok.size}/${all.length} operations answered with success, ${failed.size}/${all.length} with a problem; ` +
      `${seen.length} distinct operation+status pairs validated against /openapi.json`);

    expect(withoutSuccess).toEqual([]);
    // GET /openapi.json takes no input and needs no token: nothing a client sends can make it fail.
    expect(withoutProblem).toEqual(['getOpenApi']);
  });
});

/** Posts a Stripe event for the order's session, signed with the local stack's webhook secret. */
async function postStripeEvent(type: string, order: { id: string; checkoutSessionId?: string; total: number; currency: string }) {
  const payload = JSON.stringify({
    id: `evt_${ulid()}`, object: 'event', type, created: Math.floor(Date.now() / 1000),
    data: { object: { id: order.checkoutSessionId, object: 'checkout.session', amount_total: order.total, currency: order.currency.toLowerCase(), payment_status: 'paid', metadata: { spaceId, orderId: order.id } } },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: localStack().env.STRIPE_WEBHOOK_SECRET! });
  return typedAnonymous().POST('/webhooks/stripe', {
    body: payload as never, bodySerializer: (b: unknown) => b as string, params: { header: { 'Stripe-Signature': signature } },
  });
}
