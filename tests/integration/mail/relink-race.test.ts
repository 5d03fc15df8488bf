import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlinkByHand, type ManualLinkDeps } from '../../../shared/domain/threads/manual-link.js';
import type { MessageRecord } from '../../../shared/domain/threads/ports.js';
import { relinkAddress } from '../../../shared/domain/threads/relink-address.js';
import { systemRuntime } from '../../../shared/domain/audit/system-runtime.js';
import { writeAudit } from '../../../shared/store/audit-store.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const users = [{ user: 'race0', password: 'pw-0' }, { user: 'race1', password: 'pw-1' }];
const JANE = 'jane.doe@northwind.example';

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

type Harness = Awaited<ReturnType<typeof mailHarness>>;

/** The harness's stores as a staff link/unlink uses them (manual-link-deps.ts). */
const manualDeps = (h: Harness): ManualLinkDeps => ({
  messages: h.rt.messages, threads: h.rt.threads, links: h.rt.links,
  audits: { putAudit: (entry) => writeAudit(h.rt.table, entry) }, touchContactActivity: h.rt.directory.touchContactActivity,
});

/** A message store whose next read of a message runs `between` after reading it: the seam for "someone wrote in between". */
function readThen<T extends { findMessage(s: string, id: string): Promise<MessageRecord | undefined> }>(store: T, between: (m: MessageRecord) => Promise<void>): T {
  let pending = true;
  return {
    ...store,
    async findMessage(spaceId: string, id: string) {
      const m = await store.findMessage(spaceId, id);
      if (pending && m) { pending = false; await between(m); }
      return m;
    },
  };
}

async function oneMailBeforeJane(h: Harness, user: { user: string; password: string }): Promise<MessageRecord> {
  await dovecot.appendMessage(user.user, 'INBOX', aMail({ subject: 'Before the contact' }));
  const mailbox = await h.connect(dovecot, user);
  await h.sync(mailbox.id);
  await h.drain();
  const [item] = await messageItems(h.rt, h.spaceId);
  return item as unknown as MessageRecord;
}

describe('address relink racing a staff unlink (DynamoDB Local)', () => {
  it('never links a message staff unlinked from that contact between the relink reading and writing it', async () => {
    const h = await mailHarness(newSpaceId());
    const mail = await oneMailBeforeJane(h, users[0]!);
    const jane = await h.addContact('Jane Doe', [JANE]);
    const staff = { spaceId: h.spaceId, userId: 'staff-1', requestId: 'req-1' };
    const unlinkJane = async (m: MessageRecord) => {
      await unlinkByHand(manualDeps(h), systemRuntime, staff, { threadId: m.threadId, messageIds: [m.id], owner: { kind: 'contact', id: jane } });
    };

    await relinkAddress({ ...h.rt, messages: readThen(h.rt.messages, unlinkJane) }, { spaceId: h.spaceId, address: JANE, correlationId: 'test' });

    const stored = (await h.rt.messages.findMessage(h.spaceId, mail.id))!;
    const thread = await h.rt.threads.getThread(h.spaceId, mail.threadId);
    const timeline = await h.rt.activities.listActivity(h.spaceId, { kind: 'contact', id: jane }, 10);
    expect(stored.contactIds).toEqual([]);
    expect(stored.unlinked?.[`contact#${jane}`]?.byUserId).toBe('staff-1');
    expect(thread?.contactIds).toEqual([]);
    expect(timeline.items).toEqual([]);
  });

  it('keeps a relink that lands between a staff unlink of another record reading and writing the message', async () => {
    const h = await mailHarness(newSpaceId());
    const mail = await oneMailBeforeJane(h, users[1]!);
    const jane = await h.addContact('Jane Doe', [JANE]);
    const staff = { spaceId: h.spaceId, userId: 'staff-1', requestId: 'req-1' };
    const relinkJane = async () => { await relinkAddress(h.rt, { spaceId: h.spaceId, address: JANE, correlationId: 'test' }); };
    const deps = manualDeps(h);

    await unlinkByHand({ ...deps, messages: readThen(deps.messages, relinkJane) }, systemRuntime, staff,
      { threadId: mail.threadId, messageIds: [mail.id], owner: { kind: 'company', id: 'co-other' } });

    const stored = (await h.rt.messages.findMessage(h.spaceId, mail.id))!;
    const timeline = await h.rt.activities.listActivity(h.spaceId, { kind: 'contact', id: jane }, 10);
    expect(stored.contactIds).toEqual([jane]);
    expect(stored.unlinked?.['company#co-other']?.byUserId).toBe('staff-1');
    expect(timeline.items.map((e) => e.messageId)).toEqual([mail.id]);
  });
});
