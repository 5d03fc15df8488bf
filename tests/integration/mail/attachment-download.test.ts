import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailRulesSchema } from '../../../shared/domain/rules/mail-rules.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { mailHarness, messageItems, OWN_ADDRESS } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'att0', password: 'pw-att0' };

beforeAll(async () => { dovecot = await startDovecot({ users: [user] }); });
afterAll(async () => { await dovecot?.stop(); });

const FILENAME = 'Angebot Übersicht.pdf';
const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(48 * 1024)]);

const withAttachment = () => [
  'From: Jane Doe <jane.doe@northwind.example>', `To: ${OWN_ADDRESS}`, 'Subject: Quote attached', `Date: ${new Date().toUTCString()}`,
  `Message-ID: <${ulid()}@northwind.example>`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
  '--b', 'Content-Type: text/plain; charset=utf-8', '', 'Our quote is attached.', '--b',
  `Content-Type: application/pdf; name*=UTF-8''${encodeURIComponent(FILENAME)}`,
  `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(FILENAME)}`, 'Content-Transfer-Encoding: base64', '',
  ...(bytes.toString('base64').match(/.{1,76}/g) ?? []), '--b--', '',
].join('\r\n');

describe('attachment download through the API (real Dovecot, the local stack, s3rver)', () => {
  it('redirects to a short-lived URL that downloads the same bytes as a file, and only for callers who may see them', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages(user.user, 'INBOX', [withAttachment()]);
    const mailbox = await h.connect(dovecot, user);
    await h.rt.rules.putMailRules({ spaceId, userId: 'admin-1', requestId: 'r', at: new Date().toISOString(), auditId: ulid() },
      mailRulesSchema.parse({ privacy: [{ scope: 'mailbox', id: mailbox.id, ownerIds: ['staff-owner'] }] }), 0);
    await h.sync(mailbox.id);
    await h.drain();
    const [message] = await messageItems(h.rt, spaceId);

    const owner = await apiAs(spaceId, 'staff', 'staff-owner').get(`/messages/${String(message!.id)}/attachments/0`);
    const other = await apiAs(spaceId, 'staff', 'staff-other').get(`/messages/${String(message!.id)}/attachments/0`);
    const missing = await apiAs(spaceId, 'staff', 'staff-owner').get(`/messages/${String(message!.id)}/attachments/7`);
    const location = owner.headers.get('location')!;
    const download = await fetch(location);
    const body = Buffer.from(await download.arrayBuffer());

    expect(owner.status).toBe(302);
    expect(owner.body).toMatchObject({ url: location, filename: FILENAME, expiresInSeconds: 300 });
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="Angebot _bersicht.pdf"; filename*=UTF-8''${encodeURIComponent(FILENAME)}`);
    expect(body.length).toBe(bytes.length);
    expect(body.equals(bytes)).toBe(true);
    expect([other.status, missing.status]).toEqual([404, 404]);
  });
});
