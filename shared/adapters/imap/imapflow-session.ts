import type { FetchMessageObject, ImapFlow, SearchObject } from 'imapflow';
import { normalizeMessageId } from '../../domain/mail/message-identity.js';
import { FetchRefusedError, MailboxConnectError } from '../../domain/mailbox/mailbox-errors.js';
import type { FlagChange, FolderState, MailboxSession, MessageSink, UidQuery } from '../../domain/mailbox/ports.js';
import { createImapflowFetch, refusable } from './imapflow-fetch.js';
import { serverWordsOf, toSessionError, type FailureContext } from './map-imap-error.js';

export interface SessionDeps {
  readonly client: ImapFlow;
  readonly failure: FailureContext;
  /** The last error imapflow emitted: the real cause behind a later NoConnection rejection. */
  readonly lastSocketError: () => unknown;
  readonly commandCount: () => number;
  readonly fetchChunkSize: number;
}

/** One logged-in imapflow connection behind the MailboxSession port; folders are opened read-only. */
export function createImapflowSession(deps: SessionDeps): MailboxSession {
  const { client } = deps;
  const capabilities = [...client.capabilities.keys()];
  const condstore = client.capabilities.has('CONDSTORE');

  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof FetchRefusedError) throw err;
      throw toSessionError(deps.lastSocketError() ?? err, deps.failure);
    }
  };
  const inFolder = <T>(path: string, work: () => Promise<T>): Promise<T> => guard(async () => {
    const lock = await client.getMailboxLock(path, { readOnly: true }).catch((err: unknown) => {
      throw missingOr(err, path);
    });
    try {
      return await work();
    } finally {
      lock.release();
    }
  });

  return {
    capabilities,
    get commandCount() { return deps.commandCount(); },
    ...createImapflowFetch(client, inFolder, (err) => toSessionError(deps.lastSocketError() ?? err, deps.failure)),

    folderState: (path) => guard(async () => {
      // STATUS on the selected folder can answer from the session's stale view: deselect it first.
      if (client.mailbox && client.mailbox.path === path) await client.mailboxClose();
      const status = await client.status(path, { messages: true, uidNext: true, uidValidity: true, highestModseq: condstore })
        .catch((err: unknown) => { throw missingOr(err, path); });
      if (!status || status.uidValidity === undefined || status.uidNext === undefined) throw protocolError('STATUS');
      const state: FolderState = { uidValidity: String(status.uidValidity), uidNext: status.uidNext, exists: status.messages ?? 0 };
      return status.highestModseq === undefined ? state : { ...state, highestModseq: String(status.highestModseq) };
    }),

    searchUidsSince: (path, query) => inFolder(path, async () => {
      const uids = await client.search(searchCriteria(query), { uid: true });
      if (!uids) throw protocolError('SEARCH');
      const min = query.minUid ?? 1;
      return uids.filter((uid) => uid >= min).sort((a, b) => a - b);
    }),

    async fetchSources(path, uids, onMessage) {
      const sorted = [...uids].sort((a, b) => a - b);
      for (let i = 0; i < sorted.length; i += deps.fetchChunkSize) {
        const chunk = sorted.slice(i, i + deps.fetchChunkSize);
        // The whole chunk is read before the sink runs: no caller code (and no command) inside a FETCH.
        const messages = await inFolder(path, () =>
          refusable(client.fetchAll(chunk.join(','), { uid: true, source: true, internalDate: true, flags: true }, { uid: true })));
        await deliver(messages, onMessage);
      }
    },

    changedFlagsSince: (path, modseq) => {
      if (!condstore) return Promise.reject(new MailboxConnectError('protocol', 'the server does not support CONDSTORE'));
      return inFolder(path, async () => {
        if ((client.mailbox || undefined)?.exists === 0) return [];
        const changed = await client.fetchAll('1:*', FLAGS_QUERY, { uid: true, changedSince: BigInt(modseq) });
        return changed.map(toFlagChange);
      });
    },

    recentFlags: (path, count) => inFolder(path, async () => {
      const exists = (client.mailbox || undefined)?.exists ?? 0;
      if (exists === 0 || count <= 0) return [];
      // A sequence range: the newest `count` messages whatever their UIDs.
      return (await client.fetchAll(`${Math.max(1, exists - count + 1)}:*`, FLAGS_QUERY)).map(toFlagChange);
    }),

    storeSeen: (path, uids, seen) => guard(async () => {
      if (uids.length === 0) return;
      const lock = await client.getMailboxLock(path).catch((err: unknown) => { throw missingOr(err, path); });
      try {
        const range = [...uids].sort((a, b) => a - b).join(',');
        const done = seen
          ? await client.messageFlagsAdd(range, ['\\Seen'], { uid: true })
          : await client.messageFlagsRemove(range, ['\\Seen'], { uid: true });
        if (!done) throw protocolError('STORE');
      } finally {
        lock.release();
      }
    }),

    appendMessage: (path, raw, flags) => guard(async () => {
      const appended = await client.append(path, raw, [...flags]).catch((err: unknown) => { throw missingOr(err, path); });
      if (!appended) throw protocolError('APPEND');
      return appended.uid ? { uid: appended.uid } : {};
    }),

    setSeenByMessageId: (path, messageIds, seen) => guard(async () => {
      const lock = await client.getMailboxLock(path).catch((err: unknown) => { throw missingOr(err, path); });
      try {
        const list = await uidsOfMessageIds(client, messageIds);
        if (list.length === 0) return [];
        const changed = seen
          ? await client.messageFlagsAdd(list.join(','), ['\\Seen'], { uid: true })
          : await client.messageFlagsRemove(list.join(','), ['\\Seen'], { uid: true });
        if (!changed) throw protocolError('STORE');
        return list;
      } finally {
        lock.release();
      }
    }),

    trashFolder: () => guard(async () => (await client.list()).find((f) => f.specialUse === '\\Trash')?.path),

    deleteByMessageId: (path, messageIds, trash) => guard(async () => {
      const lock = await client.getMailboxLock(path).catch((err: unknown) => { throw missingOr(err, path); });
      try {
        const uids = await uidsOfMessageIds(client, messageIds);
        // The UIDs name the mail only together with the folder's UIDVALIDITY, as the server reported it on SELECT.
        const selected = client.mailbox;
        const validity = selected && selected.uidValidity !== undefined ? { uidValidity: String(selected.uidValidity) } : {};
        if (uids.length === 0) return { uids, ...validity };
        const range = uids.join(',');
        // imapflow sends MOVE when offered, else COPY, STORE \Deleted and EXPUNGE (UID EXPUNGE with UIDPLUS).
        if (trash !== undefined && trash !== path) {
          if (!(await client.messageMove(range, trash, { uid: true }))) throw protocolError('MOVE');
          return { uids, ...validity, movedTo: trash };
        }
        if (!(await client.messageDelete(range, { uid: true }))) throw protocolError('EXPUNGE');
        return { uids, ...validity };
      } finally {
        lock.release();
      }
    }),

    abort() {
      client.close();
    },

    async close() {
      const timer = setTimeout(() => client.close(), 2_000);
      try {
        await client.logout();
      } catch {
        client.close();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** UIDs of the mail with these Message-IDs in the selected folder, ascending. */
async function uidsOfMessageIds(client: ImapFlow, messageIds: readonly string[]): Promise<number[]> {
  const uids = new Set<number>();
  // One SEARCH per id; HEADER matches substrings, and the angle brackets keep the match to the whole id.
  for (const id of messageIds) for (const uid of (await client.search({ header: { 'message-id': `<${id}>` } }, { uid: true })) || []) uids.add(uid);
  return [...uids].sort((a, b) => a - b);
}

function searchCriteria(query: UidQuery): SearchObject {
  const criteria: SearchObject = {};
  if (query.sinceDate) criteria.since = query.sinceDate;
  if (query.minUid !== undefined) criteria.uid = `${query.minUid}:*`;
  return query.sinceDate || query.minUid !== undefined ? criteria : { all: true };
}

async function deliver(messages: readonly FetchMessageObject[], onMessage: MessageSink): Promise<void> {
  const ordered = [...messages].sort((a, b) => a.uid - b.uid);
  for (const m of ordered) {
    if (!m.source) continue;
    const date = m.internalDate instanceof Date ? m.internalDate : new Date(m.internalDate ?? 0);
    await onMessage(m.uid, m.source, date, userFlags(m.flags));
  }
}

/** FLAGS plus the Message-ID header field only: enough to find the stored mail, never its body. */
const FLAGS_QUERY = { uid: true, flags: true, headers: ['message-id'] };

function toFlagChange(m: FetchMessageObject): FlagChange {
  const header = m.headers?.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const messageId = normalizeMessageId(header ? /^message-id:[ \t]*(.*)$/im.exec(header)?.[1] : undefined);
  return {
    uid: m.uid, flags: userFlags(m.flags),
    ...(m.modseq !== undefined ? { modseq: String(m.modseq) } : {}),
    ...(messageId ? { messageId } : {}),
  };
}

function userFlags(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((f) => f !== '\\Recent');
}

function missingOr(err: unknown, path: string): unknown {
  const e = err as { code?: string; serverResponseCode?: string; mailboxMissing?: boolean } | undefined;
  if (e?.code === 'NotFound' || e?.mailboxMissing || e?.serverResponseCode === 'NONEXISTENT') {
    return new MailboxConnectError('folder-missing', `folder "${path}" not found on the server`, serverWordsOf(err));
  }
  return err;
}

function protocolError(command: string): MailboxConnectError {
  return new MailboxConnectError('protocol', `the server rejected ${command}`);
}
