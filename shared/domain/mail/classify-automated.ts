import { normalizeMessageId } from './message-identity.js';
import type { ParsedMail } from './parsed-mail.js';

export type AutomatedKind = 'auto-reply' | 'bounce' | 'bulk' | 'list';

export interface BounceInfo {
  /** RFC 3463 status, e.g. `5.1.1`. */
  readonly status: string;
  /** 5.x.x: the address is bad; 4.x.x: a delay that changes nothing (M8). */
  readonly permanent: boolean;
  /** The failed recipient from Final-Recipient (or Original-Recipient), normalized; may be absent. */
  readonly recipient?: string;
  /** Message-ID of the bounced mail, when the report carries its headers. */
  readonly originalMessageId?: string;
}

export interface AutomatedVerdict {
  readonly automated: boolean;
  readonly kind?: AutomatedKind;
  readonly bounce?: BounceInfo;
}

type Classifiable = Pick<ParsedMail, 'headers' | 'from' | 'subject' | 'text' | 'deliveryStatus' | 'originalMessageId'>;

const DAEMON = /^(?:mailer-daemon|postmaster|mail-delivery-subsystem|mail-daemon)@/i;
const BOUNCE_SUBJECT = /undeliver|delivery status notification|delivery failure|returned mail|mail delivery failed|failure notice/i;

/**
 * Tells automated mail from people's mail (M7/M8): bounces (multipart/report delivery-status, or a
 * mailer-daemon with a bounce subject, with the DSN's Status and Final-Recipient), auto-replies
 * (RFC 3834 Auto-Submitted other than `no`, X-Autoreply, X-Autorespond, X-Auto-Response-Suppress
 * naming All/OOF/AutoReply, disposition notifications), lists (List-Id, Precedence: list) and bulk
 * (Precedence: bulk/junk). Automated mail is never convertible and never creates a contact.
 */
export function classifyAutomated(parsed: Classifiable): AutomatedVerdict {
  const h = parsed.headers;
  const contentType = (h.contentType ?? '').toLowerCase();
  const isReport = contentType.startsWith('multipart/report');
  const fromDaemon = parsed.from.some((f) => DAEMON.test(f.address));
  if ((isReport && /report-type\s*=\s*"?delivery-status/.test(contentType)) || (fromDaemon && BOUNCE_SUBJECT.test(parsed.subject))) {
    const bounce = parseDeliveryStatus(parsed.deliveryStatus ?? parsed.text, parsed.originalMessageId ?? copiedMessageId(parsed.text))
      ?? (parsed.deliveryStatus ? undefined : parseTextBounce(parsed.text, copiedMessageId(parsed.text)));
    return bounce ? { automated: true, kind: 'bounce', bounce } : { automated: true, kind: 'bounce' };
  }
  if (isAutoReply(h, isReport)) return { automated: true, kind: 'auto-reply' };
  const precedence = (h.precedence ?? '').trim().toLowerCase();
  if (h.listId || precedence === 'list') return { automated: true, kind: 'list' };
  if (precedence === 'bulk' || precedence === 'junk') return { automated: true, kind: 'bulk' };
  if (fromDaemon) return { automated: true, kind: 'auto-reply' };
  return { automated: false };
}

/** Reads the first failed (else first) recipient block of a DSN: Status and Final-Recipient. */
export function parseDeliveryStatus(text: string, originalMessageId?: string): BounceInfo | undefined {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).slice(0, 200);
  const withStatus = blocks.map(readBlock).filter((b): b is ReadBlock => b.status !== undefined);
  const chosen = withStatus.find((b) => b.status.startsWith('5')) ?? withStatus[0];
  if (!chosen) return undefined;
  return {
    status: chosen.status,
    permanent: chosen.status.startsWith('5'),
    ...(chosen.recipient ? { recipient: chosen.recipient } : {}),
    ...(originalMessageId ? { originalMessageId } : {}),
  };
}

interface ReadBlock { status: string; recipient?: string }

/** Where a text-only bounce (Exim, qmail, many appliances) starts its copy of the returned mail. */
const COPY_MARKER = /^-+ *(?:this is a copy of the message|original message|returned message|below this line is a copy)/im;

/** The Message-ID of the returned mail copied into a text-only bounce, if there is one. */
function copiedMessageId(text: string): string | undefined {
  const marker = COPY_MARKER.exec(text);
  if (!marker) return undefined;
  return normalizeMessageId(/^message-id\s*:\s*(<[^<>\s]+>)/im.exec(text.slice(marker.index))?.[1]);
}

/**
 * A bounce without a delivery-status part, as Exim writes one: the failed address on its own
 * indented line after "address(es) failed:", and the remote server's `550 5.1.1` reply.
 */
function parseTextBounce(text: string, originalMessageId?: string): BounceInfo | undefined {
  const report = COPY_MARKER.exec(text) ? text.slice(0, COPY_MARKER.exec(text)!.index) : text;
  const status = /\b[245]\d\d[ -]([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(report);
  if (!status) return undefined;
  const code = `${status[1]}.${status[2]}.${status[3]}`;
  const recipient = /failed:\s*\n+\s+<?([^\s<>@]+@[^\s<>]+?)>?\s*$/im.exec(report)?.[1];
  return {
    status: code, permanent: code.startsWith('5'),
    ...(recipient ? { recipient: recipient.toLowerCase() } : {}), ...(originalMessageId ? { originalMessageId } : {}),
  };
}

function readBlock(block: string): ReadBlock | { status: undefined } {
  const status = /^status\s*:\s*([245])\.(\d{1,3})\.(\d{1,3})/im.exec(block);
  if (!status) return { status: undefined };
  const recipient = /^(?:final|original)-recipient\s*:\s*(?:rfc822\s*;)?\s*<?([^\s<>;]+@[^\s<>;]+)>?/im.exec(block);
  const code = `${status[1]}.${status[2]}.${status[3]}`;
  return recipient?.[1] ? { status: code, recipient: recipient[1].toLowerCase() } : { status: code };
}

function isAutoReply(h: ParsedMail['headers'], isReport: boolean): boolean {
  const autoSubmitted = (h.autoSubmitted ?? '').trim().toLowerCase();
  if (autoSubmitted !== '' && !autoSubmitted.startsWith('no')) return true;
  if (h.xAutoreply !== undefined || h.xAutorespond !== undefined) return true;
  if (/\b(?:all|oof|autoreply)\b/i.test(h.xAutoResponseSuppress ?? '')) return true;
  return isReport && /disposition-notification/i.test(h.contentType ?? '');
}
