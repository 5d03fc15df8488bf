import { createHash } from 'node:crypto';
import type { MailboxRecord } from '../mailbox/mailbox-record.js';
import { planSync } from '../mailbox/plan-sync.js';
import type { MailboxSession } from '../mailbox/ports.js';
import { linkMessage, type LinkMessageDeps, type LinkOutcome } from './link-message.js';
import { parseMessage, type ParseMessageDeps } from './parse-message.js';
import { mailKeys, type LinkJob, type ParseJob } from './pipeline-jobs.js';
import type { Blobs } from './ports.js';
import type { PreviewWrites } from './preview-overlay.js';

/** How much mail one preview reads at most; the answer says when it stopped at one of these. */
export interface PreviewLimits {
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly timeBudgetMs: number;
  /** Above this a first sync keeps only the headers; so does the preview (and fetches only those). */
  readonly maxMessageBytes: number;
  readonly batchCount: number;
}

export interface PreviewImportDeps {
  readonly parse: ParseMessageDeps['parse'];
  /** Memory only: the raw mail of the preview never reaches the mail bucket. */
  readonly blobs: Blobs;
  /** The linker's ports over the preview overlay (preview-overlay.ts): reads stored state, writes nothing. */
  readonly link: LinkMessageDeps;
  readonly writes: PreviewWrites;
  readonly now: () => Date;
  readonly limits: PreviewLimits;
}

export type PreviewStop = 'messages' | 'bytes' | 'time';

/** What a first sync of the window would create, and what the mail rules would keep out. */
export interface ImportPreview {
  readonly historyDays: number;
  readonly since: string;
  /** Messages in the window in all synced folders; `scanned` of them were read. */
  readonly inWindow: number;
  readonly scanned: { readonly messages: number; readonly bytes: number };
  readonly stoppedAt?: PreviewStop;
  readonly limits: { readonly maxMessages: number; readonly maxBytes: number; readonly timeBudgetSeconds: number };
  readonly creates: {
    readonly messages: number; readonly headersOnly: number; readonly private: number; readonly threads: number;
    readonly contacts: number; readonly companies: number; readonly pendingCaptures: number;
  };
  /** Records that exist already and that imported mail would be linked to. */
  readonly linksExisting: { readonly contacts: number; readonly companies: number };
  /** Mail imported before (the same message already stored). */
  readonly alreadyImported: number;
  readonly skipped: { readonly total: number; readonly byRule: readonly { readonly rule: string; readonly messages: number }[] };
  readonly unparsable: number;
}

/**
 * First-import preview: the mail of the window in each synced folder, read through the same steps as
 * a first sync (window plan, SINCE search, sizes, FETCH, parser, linker with its rules, threading and
 * capture), with the linker's writes kept in memory. Bounded by messages, bytes and time; the answer
 * says where it stopped.
 */
export async function previewImport(deps: PreviewImportDeps, input: {
  mailbox: MailboxRecord; session: MailboxSession; historyDays: number; correlationId: string;
}): Promise<ImportPreview> {
  const { mailbox, session, limits } = { ...input, limits: deps.limits };
  const started = deps.now().getTime();
  const linkQueue: LinkJob[] = [];
  let unparsable = 0;
  const parseDeps: ParseMessageDeps = {
    blobs: deps.blobs, parse: deps.parse, now: deps.now, linkQueue: { send: async (job) => { linkQueue.push(job); } },
    problems: { recordProblem: async () => { unparsable++; }, resolveProblem: async () => undefined, deleteQuarantinedMessage: async () => false },
  };
  const outcomes: LinkOutcome[] = [];
  const scanned = { messages: 0, bytes: 0 };
  let inWindow = 0;
  let stoppedAt: PreviewStop | undefined;
  let since = new Date(deps.now().getTime() - input.historyDays * 86_400_000);
  for (const folder of mailbox.folders) {
    const state = await session.folderState(folder.path);
    const plan = planSync(undefined, state, { windowDays: input.historyDays, now: deps.now() });
    if (plan.kind !== 'initial') throw new Error('a first sync always plans from scratch');
    since = plan.since;
    const uids = await session.searchUidsSince(folder.path, { sinceDate: plan.since });
    inWindow += uids.length;
    const sizes = uids.length > 0 ? await session.fetchSizes(folder.path, uids) : new Map();
    const chosen: { uid: number; size: number; headersOnly: boolean }[] = [];
    let planned = scanned.bytes;
    for (const uid of [...uids].sort((a, b) => a - b)) {
      const size = sizes.get(uid)?.size;
      if (size === undefined) continue;
      const headersOnly = size > limits.maxMessageBytes;
      if (scanned.messages + chosen.length >= limits.maxMessages) { stoppedAt ??= 'messages'; break; }
      const cost = headersOnly || !Number.isFinite(size) ? 0 : size;
      if (planned + cost > limits.maxBytes) { stoppedAt ??= 'bytes'; break; }
      planned += cost;
      chosen.push({ uid, size, headersOnly });
    }
    for (let i = 0; i < chosen.length; i += limits.batchCount) {
      if (deps.now().getTime() - started > limits.timeBudgetMs) { stoppedAt = 'time'; break; }
      const batch = chosen.slice(i, i + limits.batchCount);
      const fetched: { uid: number; raw: Buffer; internalDate: Date; tooLargeSize?: number }[] = [];
      // Commands inside a FETCH iterator deadlock: collect the batch, then parse and link it.
      const whole = batch.filter((c) => !c.headersOnly).map((c) => c.uid);
      if (whole.length > 0) await session.fetchSources(folder.path, whole, async (uid, raw, internalDate) => { fetched.push({ uid, raw, internalDate }); });
      for (const big of batch.filter((c) => c.headersOnly)) {
        await session.fetchHeaders(folder.path, [big.uid], async (uid, raw, internalDate) => { fetched.push({ uid, raw, internalDate, tooLargeSize: big.size }); });
      }
      for (const mail of fetched.sort((a, b) => a.uid - b.uid)) {
        scanned.messages++;
        scanned.bytes += mail.raw.length;
        const sha256 = createHash('sha256').update(mail.raw).digest('hex');
        const rawKey = mailKeys.raw(mailbox.spaceId, mailbox.id, sha256);
        await deps.blobs.put(rawKey, mail.raw);
        const job: ParseJob = {
          v: 1, correlationId: input.correlationId, spaceId: mailbox.spaceId, mailboxId: mailbox.id, folderRole: folder.role,
          rawKey, sha256, size: mail.raw.length, uid: mail.uid, folder: folder.path,
          ...(mail.internalDate.getTime() > 0 ? { internalDate: mail.internalDate.toISOString() } : {}),
          ...(mail.tooLargeSize ? { tooLargeSize: mail.tooLargeSize } : {}),
        };
        await parseMessage(parseDeps, job);
        for (const link of linkQueue.splice(0)) if (link.kind === 'link') outcomes.push(await linkMessage(deps.link, link));
      }
    }
    if (stoppedAt) break;
  }
  return tally(deps, { historyDays: input.historyDays, since: since.toISOString(), inWindow, scanned, stoppedAt, outcomes, unparsable });
}

function tally(deps: PreviewImportDeps, run: {
  historyDays: number; since: string; inWindow: number; scanned: { messages: number; bytes: number }; stoppedAt: PreviewStop | undefined;
  outcomes: readonly LinkOutcome[]; unparsable: number;
}): ImportPreview {
  const { writes, limits } = deps;
  const messages = [...writes.messages.values()];
  const byRule = new Map<string, number>();
  for (const o of run.outcomes) if (o.status === 'skipped' && o.reason === 'rule') for (const r of o.rules) byRule.set(r, (byRule.get(r) ?? 0) + 1);
  const existing = (ids: (m: typeof messages[number]) => readonly string[], created: ReadonlyMap<string, unknown>) =>
    new Set(messages.flatMap(ids).filter((id) => !created.has(id))).size;
  return {
    historyDays: run.historyDays, since: run.since, inWindow: run.inWindow, scanned: run.scanned,
    ...(run.stoppedAt ? { stoppedAt: run.stoppedAt } : {}),
    limits: { maxMessages: limits.maxMessages, maxBytes: limits.maxBytes, timeBudgetSeconds: Math.round(limits.timeBudgetMs / 1000) },
    creates: {
      messages: messages.length,
      headersOnly: messages.filter((m) => m.kept === 'headers' || m.parseStatus !== 'parsed').length,
      private: messages.filter((m) => m.privacy !== undefined).length,
      threads: [...writes.threads.keys()].filter((id) => !writes.existingThreads.has(id)).length,
      contacts: writes.contacts.size, companies: writes.companies.size, pendingCaptures: writes.captures.size,
    },
    linksExisting: { contacts: existing((m) => m.contactIds, writes.contacts), companies: existing((m) => m.companyIds, writes.companies) },
    alreadyImported: run.outcomes.filter((o) => o.status === 'duplicate').length,
    skipped: { total: run.outcomes.filter((o) => o.status === 'skipped' && o.reason === 'rule').length, byRule: [...byRule].map(([rule, n]) => ({ rule, messages: n })).sort((a, b) => b.messages - a.messages || a.rule.localeCompare(b.rule)) },
    unparsable: run.unparsable,
  };
}
