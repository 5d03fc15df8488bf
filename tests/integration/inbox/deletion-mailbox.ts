import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { apiAs, type Api } from '../../support/api-client.js';
import { aContactBody } from '../../support/builders.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

export const JANE = 'jane.doe@northwind.example';

export type TimelineLine = { kind: string; messageId?: string; threadId?: string; deletedBy?: string; mode?: string; messageCount?: number; subject?: string };
export type InboxItem = { id: string; subject: string; messageCount: number; snippet: string; lastMessageAt: string; unread: boolean; status: string };

/** The Space and mailbox the delete tests work on: Jane's mail on a private Dovecot with a Trash folder, synced through the gateway. */
export interface DeletionMailbox {
  readonly admin: Api;
  /** Staff user `staff-1`, made an assignee by the tests. */
  readonly assignee: Api;
  /** Staff user `staff-2`, never the assignee. */
  readonly other: Api;
  readonly jane: string;
  readonly mailboxId: string;
  readonly dovecot: DovecotServer;
  /** The threads the first sync listed. */
  readonly listed: InboxItem[];
  /** Message-IDs (local part) in `folder` as the server holds them, sorted. */
  readonly idsIn: (folder: string) => Promise<string[]>;
  readonly timeline: () => Promise<TimelineLine[]>;
  readonly interactions: () => Promise<number>;
  readonly inbox: () => Promise<InboxItem[]>;
  /** Every item of the Space whose content (sets included) names one of `needles`. */
  readonly itemsNaming: (needles: readonly string[]) => Promise<Record<string, unknown>[]>;
}

/** Mail with its Date header set `minutesAgo` before now, so the threads sort as the test means. */
export const dated = (raw: string, minutesAgo: number): string =>
  raw.replace(/^Date: .*$/m, `Date: ${new Date(Date.now() - minutesAgo * 60_000).toUTCString()}`);

/**
 * Starts Dovecot with `mails` in INBOX, connects it to a new Space holding Jane as a contact, and
 * waits until the inbox lists the threads as `synced` wants and Jane's timeline has every mail.
 */
export async function connectDeletionMailbox(spaceId: string, imapUser: { user: string; password: string }, mails: readonly string[],
  synced: (items: InboxItem[]) => boolean): Promise<DeletionMailbox> {
  useLocalStackEnv();
  const admin = apiAs(spaceId, 'admin', 'admin-1');
  const assignee = apiAs(spaceId, 'staff', 'staff-1');
  const other = apiAs(spaceId, 'staff', 'staff-2');
  // Staff become known to the Space with their first request (an assignee must be one).
  await Promise.all([assignee.get('/inbox/counts'), other.get('/inbox/counts')]);
  const jane: string = (await admin.post('/contacts', aContactBody({ name: 'Jane Doe', emails: [JANE] }))).body.id;
  const dovecot = await startDovecot({ users: [imapUser], trash: true });
  for (const raw of mails) await dovecot.appendMessage(imapUser.user, 'INBOX', raw);
  const connected = await admin.post('/mailboxes', {
    host: dovecot.host, port: dovecot.port, security: 'plain', allowInsecure: true, username: imapUser.user, password: imapUser.password,
    addresses: ['sales@acme-supplies.example'],
  });
  expect(connected.status).toBe(201);
  const inbox = async (): Promise<InboxItem[]> => (await admin.get('/inbox?limit=20')).body.items;
  const timeline = async (): Promise<TimelineLine[]> => (await admin.get(`/contacts/${jane}/activity?limit=50`)).body.items;
  const listed = await eventually(inbox, (items) => items !== undefined && synced(items), 90_000);
  await eventually(timeline, (items) => items.filter((i) => i.kind === 'mail').length === mails.length, 30_000);
  return {
    admin, assignee, other, jane, mailboxId: connected.body.id, dovecot, listed, inbox, timeline,
    interactions: async () => (await admin.get(`/contacts/${jane}/stats`)).body.interactionsThisMonth,
    idsIn: async (folder) => {
      const out = await dovecot.doveadm(['-f', 'flow', 'fetch', '-u', imapUser.user, 'hdr.message-id', 'mailbox', folder, 'all']);
      return out.trim().split('\n').map((l) => /<([^@>]+)@/.exec(l)?.[1]).filter((id): id is string => id !== undefined).sort();
    },
    itemsNaming: (needles) => itemsNaming(spaceId, needles),
  };
}

async function itemsNaming(spaceId: string, needles: readonly string[]): Promise<Record<string, unknown>[]> {
  const t = defaultTable();
  const found: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new ScanCommand({
      TableName: t.table, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': `space#${spaceId}` }, ExclusiveStartKey: startKey,
    }));
    for (const item of out.Items ?? []) {
      const text = JSON.stringify(item, (_k, v: unknown) => (v instanceof Set ? [...v] : v));
      if (needles.some((n) => text.includes(n))) found.push(item);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return found;
}
