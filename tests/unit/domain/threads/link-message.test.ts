import { describe, expect, it } from 'vitest';
import { createMemoryBlobs } from '../../../../shared/adapters/blobs/memory-blobs.js';
import { parseMime } from '../../../../shared/adapters/mime/mailparser-mime.js';
import { classifyAutomated } from '../../../../shared/domain/mail/classify-automated.js';
import { collidingMessageIdentity, messageIdentity } from '../../../../shared/domain/mail/message-identity.js';
import type { MailboxRecord } from '../../../../shared/domain/mailbox/mailbox-record.js';
import { linkMessage, type LinkMessageDeps } from '../../../../shared/domain/threads/link-message.js';
import type { ParsedBlob } from '../../../../shared/domain/threads/parse-message.js';
import type { MessageRecord } from '../../../../shared/domain/threads/ports.js';
import { MessageExistsError } from '../../../../shared/domain/threads/thread-errors.js';
import { createMemoryCapture } from '../../../../shared/store/memory-capture.js';
import { createMemoryOrderMailStore } from '../../../../shared/store/order-mail-store.js';
import { DEFAULT_MAIL_RULES } from '../../../../shared/domain/rules/mail-rules.js';

const SPACE = 'space-1';
const mime = (body: string) => [
  'From: Jane <jane@northwind.example>', 'To: sales@acme.example', 'Subject: Widgets',
  'Date: Sun, 29 Nov 2026 05:00:00 +0000', 'Message-ID: <reused@northwind.example>', '', body, '',
].join('\r\n');

/** The linker's ports in memory; `claims` and `stored` start as the test says, `raceOnce` fakes a concurrent create. */
async function aLinker(over: { claims?: Map<string, string>; raceOnce?: MessageRecord } = {}) {
  const blobs = createMemoryBlobs();
  const stored = new Map<string, MessageRecord>();
  const claims = over.claims ?? new Map<string, string>();
  let race = over.raceOnce;
  const nop = async () => {};
  const deps: LinkMessageDeps = {
    blobs,
    mailboxes: { getMailbox: async () => ({ addresses: ['sales@acme.example'], username: 'sales' }) as unknown as MailboxRecord },
    messages: {
      findMessage: async (_s, id) => stored.get(id),
      threadIdsOf: async () => new Map(),
      claimIdentity: async (_s, id, content) => { if (!claims.has(id)) claims.set(id, content); return { holder: claims.get(id)!, heldBounces: [] }; },
      async createMessage(record) {
        if (race && record.id === race.id) { stored.set(race.id, race); race = undefined; }
        const old = stored.get(record.id);
        if (old) throw new MessageExistsError({ contentSha256: old.contentSha256 });
        stored.set(record.id, record);
      },
    },
    threads: { addToThread: nop, findThreadsBySubject: async () => [] },
    activities: { putActivities: nop, putAddressMessages: nop },
    directory: { findContactIdByEmail: async () => undefined, findCompanyIdByDomain: async () => undefined, touchContactActivity: nop },
    rules: { getMailRules: async () => ({ rules: DEFAULT_MAIL_RULES }) },
    staff: { staffByEmail: async () => new Map() },
    capture: createMemoryCapture(),
    bounces: { ...createMemoryCapture(), orderMail: createMemoryOrderMailStore(), held: { holdBounce: async () => ({ state: 'held' as const }) } },
    replyTags: { key: async () => Buffer.alloc(32), orders: { getOrder: async () => undefined, findOrderBySubjectTag: async () => undefined } },
    skipped: { recordSkipped: async () => {} },
    log: { info: () => {}, warn: () => {}, error: () => {} },
    now: () => new Date('2026-11-29T06:00:00Z'),
  };
  const link = async (body: string) => {
    const { mail } = await parseMime(Buffer.from(mime(body)), {});
    const blob: ParsedBlob = { v: 1, mail, automated: classifyAutomated(mail), attachmentKeys: [] };
    await blobs.put(`parsed/${mail.contentSha256}`, JSON.stringify(blob));
    const outcome = await linkMessage(deps, {
      v: 1, kind: 'link', correlationId: 'c', spaceId: SPACE, mailboxId: 'mb', folderRole: 'inbox', rawKey: 'raw', parsedKey: `parsed/${mail.contentSha256}`,
    } as never);
    return { outcome, mail };
  };
  return { link, stored, claims };
}

describe('linkMessage identity', () => {
  it('links under the colliding id when another content claimed the Message-ID and is not stored yet', async () => {
    const primary = messageIdentity(SPACE, { messageId: 'reused@northwind.example' });
    const linker = await aLinker({ claims: new Map([[primary, 'f'.repeat(64)]]) });

    const { outcome, mail } = await linker.link('Second mail.');

    expect(outcome).toMatchObject({ status: 'linked', id: collidingMessageIdentity(SPACE, mail) });
    expect([...linker.stored.keys()]).toEqual([collidingMessageIdentity(SPACE, mail)]);
  });

  it('links under the Message-ID identity when the claim it finds is its own (a retry)', async () => {
    const linker = await aLinker();
    const first = await linker.link('Only mail.');
    linker.stored.clear();

    const retry = await linker.link('Only mail.');

    expect(retry.outcome).toEqual(first.outcome);
    expect(retry.outcome).toMatchObject({ status: 'linked', id: messageIdentity(SPACE, retry.mail) });
  });

  it('links the loser of a create race under the colliding id when the stored content differs', async () => {
    const primary = messageIdentity(SPACE, { messageId: 'reused@northwind.example' });
    const other = { id: primary, contentSha256: 'e'.repeat(64) } as MessageRecord;
    const linker = await aLinker({ raceOnce: other });

    const { outcome, mail } = await linker.link('Second mail.');

    expect(outcome).toMatchObject({ status: 'linked', id: collidingMessageIdentity(SPACE, mail) });
    expect(linker.stored.size).toBe(2);
  });

  it('acknowledges a create race with the same content as a duplicate', async () => {
    const linker = await aLinker();
    const { mail } = await linker.link('Same mail.');
    const winner = linker.stored.get(messageIdentity(SPACE, mail))!;
    const racing = await aLinker({ raceOnce: winner });

    const { outcome } = await racing.link('Same mail.');

    expect(outcome).toEqual({ status: 'duplicate', id: winner.id });
    expect(racing.stored.size).toBe(1);
  });
});
