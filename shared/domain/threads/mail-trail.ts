import type { AuditEntry } from '../audit/audit-entry.js';
import type { ImapFolderUids, MessageRecord } from './ports.js';

/** What a row did on the IMAP server: the folders and UIDs it read or touched, and for a delete where the mail went. */
export interface TrailImap {
  readonly mailboxId: string;
  readonly folders: readonly (ImapFolderUids & { readonly moreUids?: number })[];
  /** The Trash folder the mail was moved to; absent when it was expunged. */
  readonly movedTo?: string;
}

/** One row of a message's or thread's trail, and where it was read from. */
export interface TrailRow {
  readonly at: string;
  /** `synced`, `replied`, `linked`, `relinked`, `unlinked`, `converted-to-order`, or a thread audit action (`assigned`, `completed`, `deleted`…). */
  readonly event: string;
  readonly messageId: string | null;
  readonly userId: string | null;
  /** `message`: the message item's own fields; `audit`: the thread's audit rows; `order`: the order made from the message. */
  readonly source: 'message' | 'audit' | 'order';
  readonly details: Readonly<Record<string, unknown>>;
  /** For mail synced over IMAP and for deletes from the mailbox. */
  readonly imap?: TrailImap;
}

export type TrailOrder = { readonly id: string; readonly createdAt: string; readonly createdBy?: string; readonly status: string };

/**
 * The rows one message's own item tells: synced (or replied, for mail staff sent from the CRM or
 * their mail client) when the linker stored it, each link with its provenance (a link made after the
 * sync by the automatic linker is a relink), each unlink by hand, and the order made from it.
 */
export function messageTrail(m: MessageRecord, order?: TrailOrder): TrailRow[] {
  const rows: TrailRow[] = [{
    at: m.createdAt, event: m.direction === 'outbound' ? 'replied' : 'synced', messageId: m.id, userId: null, source: 'message',
    details: { mailboxId: m.mailboxId, folderRole: m.folderRole, direction: m.direction, date: m.date },
    ...(m.imap ? { imap: { mailboxId: m.mailboxId, folders: [{ path: m.imap.folder, uids: [m.imap.uid], ...(m.imap.uidValidity ? { uidValidity: m.imap.uidValidity } : {}) }] } } : {}),
  }];
  for (const [key, p] of Object.entries(m.linkProvenance ?? {})) {
    const [kind, id] = key.split('#');
    const later = p.kind !== 'manual' && p.at > m.createdAt;
    rows.push({ at: p.at, event: later ? 'relinked' : 'linked', messageId: m.id, userId: p.byUserId ?? null, source: 'message', details: { kind, id, provenance: p.kind, ...(p.ruleId ? { ruleId: p.ruleId } : {}) } });
  }
  for (const [key, u] of Object.entries(m.unlinked ?? {})) {
    const [kind, id] = key.split('#');
    rows.push({ at: u.at, event: 'unlinked', messageId: m.id, userId: u.byUserId, source: 'message', details: { kind, id } });
  }
  if (order) rows.push({ at: order.createdAt, event: 'converted-to-order', messageId: m.id, userId: order.createdBy ?? null, source: 'order', details: { orderId: order.id, status: order.status } });
  return rows;
}

/** A thread audit row as a trail row (`delete` reads `deleted`); what a delete did on the server becomes the row's `imap`. */
export const auditTrailRow = (a: AuditEntry): TrailRow => {
  const { imap, ...details } = a.details ?? {};
  return {
    at: a.at, event: a.action === 'delete' ? 'deleted' : a.action, messageId: null, userId: a.userId, source: 'audit',
    details: { ...(a.changes ? { changes: a.changes } : {}), ...details },
    ...(imap !== undefined ? { imap: imap as TrailImap } : {}),
  };
};

/** Every row, newest first (ties: the later event in the list first, so a link follows its sync). */
export const newestFirst = (rows: readonly TrailRow[]): TrailRow[] =>
  rows.map((r, i) => [r, i] as const).sort(([a, i], [b, j]) => b.at.localeCompare(a.at) || j - i).map(([r]) => r);
