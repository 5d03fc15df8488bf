import type { Log } from '../../observability/logger.js';
import type { Runtime } from '../audit/audit-entry.js';
import type { Company } from '../companies/company.js';
import type { CompanyStore } from '../companies/ports.js';
import type { Capture, CaptureStore } from '../contacts/capture.js';
import type { Contact } from '../contacts/contact.js';
import type { ContactStore } from '../contacts/ports.js';
import { normalizeEmail } from '../mail/match-addresses.js';
import type { ThreadBySubject } from '../mail/resolve-thread.js';
import { subjectKey } from '../mail/normalize-subject.js';
import type { LinkMessageDeps } from './link-message.js';
import type { MessageRecord } from './ports.js';
import { MessageExistsError } from './thread-errors.js';

/** The stored state a preview reads (never writes): the linker's lookups over the real stores. */
export interface PreviewReads {
  readonly mailboxes: LinkMessageDeps['mailboxes'];
  readonly messages: Pick<LinkMessageDeps['messages'], 'findMessage' | 'threadIdsOf'>;
  readonly threads: Pick<LinkMessageDeps['threads'], 'findThreadsBySubject'>;
  readonly contacts: Pick<ContactStore, 'findContactByEmail'>;
  readonly companies: Pick<CompanyStore, 'findCompanyByDomain' | 'findCompanyByWebsiteDomain'>;
  readonly captures: Pick<CaptureStore, 'getCapture'>;
  readonly rules: LinkMessageDeps['rules'];
  readonly staff: LinkMessageDeps['staff'];
  /** Replies to our order mail are looked up, never written. */
  readonly replyTags: LinkMessageDeps['replyTags'];
}

/** What the linker would have written, kept in memory. */
export interface PreviewWrites {
  readonly messages: Map<string, MessageRecord>;
  /** Thread ids the linker added mail to, and those of them that exist in the table. */
  readonly threads: Map<string, ThreadBySubject>;
  readonly existingThreads: Set<string>;
  readonly contacts: Map<string, Contact>;
  readonly companies: Map<string, Company>;
  readonly captures: Map<string, Capture>;
}

/**
 * The linker's ports for a preview: every read goes to what is stored plus what this preview would
 * have written before; every write stays in memory. The real linker code runs on them unchanged, so
 * the preview decides threads, links and captures exactly as a first sync would.
 */
export function previewOverlay(reads: PreviewReads, base: { blobs: LinkMessageDeps['blobs']; rt: Runtime; log: Log }): { deps: LinkMessageDeps; writes: PreviewWrites } {
  const writes: PreviewWrites = {
    messages: new Map(), threads: new Map(), existingThreads: new Set(), contacts: new Map(), companies: new Map(), captures: new Map(),
  };
  const contactByEmail = (email: string) => [...writes.contacts.values()].find((c) => c.emails.includes(normalizeEmail(email)));
  const companyByDomain = (domain: string) => [...writes.companies.values()].find((c) => c.domains.includes(domain.toLowerCase()));
  const findContactByEmail = async (spaceId: string, email: string) => contactByEmail(email) ?? reads.contacts.findContactByEmail(spaceId, email);
  const findCompanyByDomain = async (spaceId: string, domain: string) => companyByDomain(domain) ?? reads.companies.findCompanyByDomain(spaceId, domain);
  const nothing = async () => undefined;
  const deps: LinkMessageDeps = {
    blobs: base.blobs,
    mailboxes: reads.mailboxes,
    messages: {
      findMessage: async (spaceId, id) => writes.messages.get(id) ?? reads.messages.findMessage(spaceId, id),
      async threadIdsOf(spaceId, ids) {
        const stored = await reads.messages.threadIdsOf(spaceId, ids);
        for (const threadId of stored.values()) writes.existingThreads.add(threadId);
        for (const id of ids) if (writes.messages.has(id)) stored.set(id, writes.messages.get(id)!.threadId);
        return stored;
      },
      claimIdentity: async (_spaceId, id, contentSha256) => ({ holder: writes.messages.get(id)?.contentSha256 ?? contentSha256, heldBounces: [] }),
      async createMessage(record) {
        const existing = writes.messages.get(record.id);
        if (existing) throw new MessageExistsError(existing);
        writes.messages.set(record.id, record);
      },
    },
    threads: {
      async addToThread(_spaceId, threadId, c) {
        const before = writes.threads.get(threadId);
        writes.threads.set(threadId, {
          threadId, subjectKey: before?.subjectKey ?? subjectKey(c.subject),
          lastMessageAt: before && before.lastMessageAt > c.date ? before.lastMessageAt : c.date,
          participants: [...new Set([...(before?.participants ?? []), ...c.participants])],
        });
      },
      async findThreadsBySubject(spaceId, key) {
        const stored = await reads.threads.findThreadsBySubject(spaceId, key);
        for (const t of stored) writes.existingThreads.add(t.threadId);
        return [...stored, ...[...writes.threads.values()].filter((t) => t.subjectKey === key && !stored.some((s) => s.threadId === t.threadId))];
      },
    },
    activities: { putActivities: nothing, putAddressMessages: nothing },
    directory: {
      findContactIdByEmail: async (spaceId, email) => (await findContactByEmail(spaceId, email))?.id,
      findCompanyIdByDomain: async (spaceId, domain) => (await findCompanyByDomain(spaceId, domain))?.id,
      touchContactActivity: nothing,
    },
    rules: reads.rules,
    staff: reads.staff,
    capture: {
      rt: base.rt,
      // The preview writes nothing, and a first sync has no past mail of its own to relink.
      relink: nothing,
      contacts: {
        findContactByEmail,
        async createContact(contact) { writes.contacts.set(contact.id, contact); },
      },
      companies: {
        findCompanyByDomain,
        // A company the preview created has no website; only stored companies are found by theirs.
        findCompanyByWebsiteDomain: (spaceId, domain) => reads.companies.findCompanyByWebsiteDomain(spaceId, domain),
        async createCompany(company) { writes.companies.set(company.id, company); },
      },
      captures: {
        getCapture: async (spaceId, id) => writes.captures.get(id) ?? reads.captures.getCapture(spaceId, id),
        async proposeCapture(capture) {
          if (writes.captures.has(capture.id) || await reads.captures.getCapture(capture.spaceId, capture.id)) return false;
          writes.captures.set(capture.id, capture);
          return true;
        },
      },
    },
    // A bounce only marks a contact or flags an order that exists; a preview reports what would be created, not marks.
    bounces: {
      rt: base.rt, contacts: { findContactByEmail: nothing, saveContact: nothing },
      orderMail: { findSentByMessageId: nothing, findSentByProviderId: nothing, flagMailProblem: async () => false },
      held: { holdBounce: async () => ({ state: 'held' as const }) },
    },
    replyTags: reads.replyTags,
    // The preview counts the mail each rule would skip in its answer; it keeps no record of it.
    skipped: { recordSkipped: nothing },
    log: base.log,
    now: base.rt.now,
  };
  return { deps, writes };
}
