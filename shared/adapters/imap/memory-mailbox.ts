import { normalizeMessageId } from '../../domain/mail/message-identity.js';
import { FetchRefusedError, MailboxAuthError, MailboxConnectError, MailboxUnavailableError } from '../../domain/mailbox/mailbox-errors.js';
import type { FlagChange, FolderState, MailboxClient, MailboxCredential, MailboxSession } from '../../domain/mailbox/ports.js';

export interface MemoryMessage {
  readonly uid: number;
  readonly raw: Buffer;
  readonly internalDate: Date;
  flags: string[];
  modseq: bigint;
}

export interface MemoryFolder {
  uidValidity: string;
  uidNext: number;
  highestModseq: bigint;
  readonly specialUse?: string;
  messages: MemoryMessage[];
}

/** The in-memory twin of the IMAP port, with the levers tests need (deliver, expunge, reset, fail). */
export interface MemoryMailbox extends MailboxClient {
  readonly folders: Map<string, MemoryFolder>;
  /** UIDs handed to fetchSources sinks, in order, over all sessions. */
  readonly fetched: number[];
  readonly sessionsOpened: () => number;
  deliver(path: string, raw: string | Buffer, options?: { date?: Date; flags?: string[] }): number;
  expunge(path: string, uid: number): void;
  setFlags(path: string, uid: number, flags: string[]): void;
  resetUidValidity(path: string, uidValidity: string): void;
  /** The next session operation (or openSession) throws this once. */
  failNext(error: Error): void;
  /** Every FETCH that includes this UID is answered NO (a message the server cannot serve); `false` serves it again. */
  refuse(uid: number, refused?: boolean): void;
  /** Runs before each fetch of message data: a hook to stall like a slow server (abort() ends the wait). */
  beforeFetch?: () => Promise<void>;
}

/**
 * Creates an empty mailbox with INBOX and Sent that accepts one password, and the OAuth2 access
 * tokens `acceptToken` approves (as a server's XOAUTH2 check would).
 */
export function createMemoryMailbox(options: { password: string; condstore?: boolean; acceptToken?: (token: string) => boolean }): MemoryMailbox {
  const folders = new Map<string, MemoryFolder>([
    ['INBOX', { uidValidity: '1', uidNext: 1, highestModseq: 1n, specialUse: '\\Inbox', messages: [] }],
    ['Sent', { uidValidity: '1', uidNext: 1, highestModseq: 1n, specialUse: '\\Sent', messages: [] }],
  ]);
  const fetched: number[] = [];
  let opened = 0;
  let pending: Error | undefined;
  const refused = new Set<number>();
  const condstore = options.condstore ?? true;

  const folder = (path: string): MemoryFolder => {
    const found = folders.get(path);
    if (!found) throw new MailboxConnectError('folder-missing', `folder "${path}" not found on the server`);
    return found;
  };
  const step = (): void => {
    const err = pending;
    pending = undefined;
    if (err) throw err;
  };
  const bump = (f: MemoryFolder): bigint => (f.highestModseq += 1n);
  const checkPassword = (password: MailboxCredential): void => {
    step();
    const ok = typeof password === 'string' ? password === options.password : options.acceptToken?.(password.accessToken) === true;
    if (!ok) throw new MailboxAuthError();
  };

  const session = (): MailboxSession => {
    let commands = 2;
    let aborted = false;
    let onAbort: () => void = () => undefined;
    const abortion = new Promise<never>((_, reject) => {
      onAbort = () => reject(new MailboxUnavailableError('connection-lost', 'the server closed the connection'));
    });
    abortion.catch(() => undefined);
    const count = <T>(work: () => T): Promise<T> => Promise.resolve().then(() => {
      commands++;
      if (aborted) throw new MailboxUnavailableError('connection-lost', 'the server closed the connection');
      step();
      return work();
    });
    const served = async (path: string, uids: readonly number[]): Promise<MemoryMessage[]> => {
      if (mailbox.beforeFetch) await Promise.race([mailbox.beforeFetch(), abortion]);
      return count(() => {
        if (uids.some((uid) => refused.has(uid))) throw new FetchRefusedError('the server refused to send the message (NO)');
        const wanted = new Set(uids);
        return folder(path).messages.filter((m) => wanted.has(m.uid));
      });
    };
    return {
      capabilities: condstore ? ['IMAP4rev1', 'CONDSTORE'] : ['IMAP4rev1'],
      get commandCount() { return commands; },
      folderState: (path) => count((): FolderState => {
        const f = folder(path);
        const state = { uidValidity: f.uidValidity, uidNext: f.uidNext, exists: f.messages.length };
        return condstore ? { ...state, highestModseq: String(f.highestModseq) } : state;
      }),
      searchUidsSince: (path, query) => count(() => folder(path).messages
        .filter((m) => m.uid >= (query.minUid ?? 1) && (!query.sinceDate || m.internalDate >= startOfDay(query.sinceDate)))
        .map((m) => m.uid)),
      async fetchSources(path, uids, onMessage) {
        const messages = await served(path, uids);
        for (const m of messages) {
          await count(() => undefined);
          fetched.push(m.uid);
          await onMessage(m.uid, m.raw, m.internalDate, [...m.flags]);
        }
      },
      fetchSizes: (path, uids) => count(() => {
        if (uids.some((uid) => refused.has(uid))) throw new FetchRefusedError('the server refused to send the message (NO)');
        const wanted = new Set(uids);
        return new Map(folder(path).messages.filter((m) => wanted.has(m.uid)).map((m) => [m.uid, { size: m.raw.length, internalDate: m.internalDate }]));
      }),
      async streamSource(path, uid, sink) {
        const [m] = await served(path, [uid]);
        if (!m) return undefined;
        fetched.push(m.uid);
        return sink(pieces(m.raw));
      },
      async fetchHeaders(path, uids, onMessage) {
        for (const m of await served(path, uids)) {
          const end = m.raw.indexOf('\r\n\r\n');
          await onMessage(m.uid, m.raw.subarray(0, end < 0 ? m.raw.length : end + 4), m.internalDate, [...m.flags]);
        }
      },
      abort() { aborted = true; onAbort(); },
      appendMessage: (path, raw, flags) => count(() => ({ uid: mailbox.deliver(path, raw, { flags: [...flags] }) })),
      trashFolder: () => count(() => [...folders].find(([, f]) => f.specialUse === '\\Trash')?.[0]),
      deleteByMessageId: (path, messageIds, trash) => count(() => {
        const f = folder(path);
        const hits = withMessageIds(f, messageIds);
        f.messages = f.messages.filter((m) => !hits.includes(m));
        bump(f);
        if (trash === undefined || trash === path) return { uids: hits.map((m) => m.uid), uidValidity: f.uidValidity };
        for (const m of hits) mailbox.deliver(trash, m.raw, { date: m.internalDate, flags: m.flags });
        return { uids: hits.map((m) => m.uid), uidValidity: f.uidValidity, movedTo: trash };
      }),
      setSeenByMessageId: (path, messageIds, seen) => count(() => {
        const f = folder(path);
        const hits = withMessageIds(f, messageIds);
        for (const m of hits) {
          m.flags = seen ? [...new Set([...m.flags, '\\Seen'])] : m.flags.filter((x) => x !== '\\Seen');
          m.modseq = bump(f);
        }
        return hits.map((m) => m.uid);
      }),
      changedFlagsSince: (path, modseq) => count((): FlagChange[] => {
        if (!condstore) throw new MailboxConnectError('protocol', 'the server does not support CONDSTORE');
        return folder(path).messages.filter((m) => m.modseq > BigInt(modseq)).map((m) => ({ ...flagsOf(m), modseq: String(m.modseq) }));
      }),
      recentFlags: (path, n) => count((): FlagChange[] => (n <= 0 ? [] : folder(path).messages.slice(-n).map(flagsOf))),
      storeSeen: (path, uids, seen) => count(() => {
        const f = folder(path);
        for (const m of f.messages.filter((x) => uids.includes(x.uid))) {
          m.flags = seen ? [...new Set([...m.flags, '\\Seen'])] : m.flags.filter((x) => x !== '\\Seen');
          m.modseq = bump(f);
        }
      }),
      close: async () => undefined,
    };
  };

  const mailbox: MemoryMailbox = {
    folders,
    fetched,
    sessionsOpened: () => opened,
    async testConnection(config, password) {
      checkPassword(password);
      for (const f of config.folders) folder(f.path);
      return { ok: true, folders: [...folders].map(([path, f]) => ({ path, specialUse: f.specialUse })), capabilities: session().capabilities };
    },
    async openSession(_config, password) {
      checkPassword(password);
      opened++;
      return session();
    },
    deliver(path, raw, opts = {}) {
      const f = folder(path);
      const uid = f.uidNext++;
      f.messages.push({ uid, raw: Buffer.from(raw), internalDate: opts.date ?? new Date(), flags: opts.flags ?? [], modseq: bump(f) });
      return uid;
    },
    expunge(path, uid) {
      const f = folder(path);
      f.messages = f.messages.filter((m) => m.uid !== uid);
      bump(f);
    },
    setFlags(path, uid, flags) {
      const f = folder(path);
      const m = f.messages.find((x) => x.uid === uid);
      if (m) { m.flags = flags; m.modseq = bump(f); }
    },
    resetUidValidity(path, uidValidity) {
      folder(path).uidValidity = uidValidity;
    },
    failNext(error) {
      pending = error;
    },
    refuse(uid, on = true) {
      if (on) refused.add(uid);
      else refused.delete(uid);
    },
  };
  return mailbox;
}

function withMessageIds(f: MemoryFolder, messageIds: readonly string[]): MemoryMessage[] {
  const wanted = new Set(messageIds.map((id) => `<${id}>`));
  return f.messages.filter((m) => wanted.has(/^message-id:\s*(<[^>]*>)/im.exec(m.raw.toString('latin1'))?.[1] ?? ''));
}

function flagsOf(m: MemoryMessage): FlagChange {
  const messageId = normalizeMessageId(/^message-id:[ \t]*(.*)$/im.exec(m.raw.toString('latin1'))?.[1]);
  return { uid: m.uid, flags: [...m.flags], ...(messageId ? { messageId } : {}) };
}

async function* pieces(raw: Buffer): AsyncIterable<Buffer> {
  for (let i = 0; i < raw.length; i += 64 * 1024) yield raw.subarray(i, i + 64 * 1024);
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
