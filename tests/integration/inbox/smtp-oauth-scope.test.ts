import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MailboxRecord } from '../../../shared/domain/mailbox/mailbox-record.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { createMailboxStore } from '../../../shared/store/mailbox-store.js';
import { apiAs, newSpaceId, type Api } from '../../support/api-client.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

const IMAP = 'https://outlook.office.com/IMAP.AccessAsUser.All';
const SEND = 'https://outlook.office.com/SMTP.Send';
const spaceId = newSpaceId();
let admin: Api;

/** A Microsoft OAuth2 mailbox as the callback stores it; `scopes` absent as for one connected before they were kept. */
async function microsoftMailbox(scopes?: string[]): Promise<string> {
  const id = ulid();
  const now = new Date().toISOString();
  const record: MailboxRecord = {
    spaceId, id, host: 'outlook.office365.com', port: 993, security: 'tls', allowInsecure: false, username: 'sales@acme-supplies.example',
    folders: [{ path: 'INBOX', role: 'inbox' }], addresses: ['sales@acme-supplies.example'], paused: true, messagesSynced: 0,
    password: { v: 1, keyId: 'k', wrappedKey: 'w', iv: 'i', ciphertext: 'c', tag: 't' },
    oauth: { provider: 'microsoft', ...(scopes ? { scopes } : {}) }, createdAt: now, updatedAt: now, version: 1,
  };
  await createMailboxStore(defaultTable()).createMailbox(record);
  return id;
}

const putSmtp = (id: string) => admin.put(`/mailboxes/${id}/smtp`, { host: 'smtp.office365.com', security: 'starttls', appendToSent: false }, { headers: { 'if-match': '"1"' } });

beforeAll(() => {
  useLocalStackEnv();
  admin = apiAs(spaceId, 'admin');
});

describe('SMTP settings of a Microsoft OAuth2 mailbox (gateway and the mail function bundle)', () => {
  it('answers 409 oauth-smtp-not-granted, saving nothing, when the consent lacks SMTP.Send or predates it', async () => {
    const before = await microsoftMailbox();
    const imapOnly = await microsoftMailbox([IMAP]);

    const replies = [await putSmtp(before), await putSmtp(imapOnly)];

    for (const reply of replies) {
      expect(reply.status).toBe(409);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ type: expect.stringMatching(/\/oauth-smtp-not-granted$/), provider: 'microsoft', missingScope: SEND });
      expect(reply.body.detail).toMatch(/reconnect/);
    }
    for (const id of [before, imapOnly]) expect((await admin.get(`/mailboxes/${id}`)).body).toMatchObject({ version: 1 });
    expect((await admin.get(`/mailboxes/${before}`)).body.smtp).toBeUndefined();
  });

  it('keeps the scopes a refresh names for a mailbox connected before they were kept, once, without a new version', async () => {
    const before = await microsoftMailbox();
    const kept = await microsoftMailbox([IMAP]);
    const store = createMailboxStore(defaultTable());

    await store.recordGrantedScopes(spaceId, before, [IMAP, SEND]);
    await store.recordGrantedScopes(spaceId, before, [IMAP]);
    await store.recordGrantedScopes(spaceId, kept, [IMAP, SEND]);
    await store.recordGrantedScopes(spaceId, ulid(), [IMAP]);

    expect(await store.getMailbox(spaceId, before)).toMatchObject({ oauth: { provider: 'microsoft', scopes: [IMAP, SEND] }, version: 1 });
    expect((await store.getMailbox(spaceId, kept)).oauth).toEqual({ provider: 'microsoft', scopes: [IMAP] });
  });
});
