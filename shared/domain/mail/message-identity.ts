import { createHash } from 'node:crypto';
import type { ParsedMail } from './parsed-mail.js';

const MAX_ID_CHARS = 998;

/**
 * Normalizes one Message-ID: the first `<...>` token (or the trimmed value), brackets removed,
 * domain part lowercased. Returns undefined when unusable (empty, spaces, controls, too long), so
 * the caller falls back to `sha256:<raw>`. The local part keeps its case (RFC 5322 compares it
 * exactly; some generators differ only by case).
 */
export function normalizeMessageId(value: string | undefined | null): string | undefined {
  if (typeof value !== 'string') return undefined;
  const bracketed = /<([^<>]*)>/.exec(value);
  const id = (bracketed ? bracketed[1] ?? '' : value).trim().replace(/^<|>$/g, '');
  if (id.length < 3 || id.length > MAX_ID_CHARS || /[\s\u0000-\u001F\u007F]/.test(id)) return undefined;
  const at = id.lastIndexOf('@');
  return at < 0 ? id : `${id.slice(0, at)}@${id.slice(at + 1).toLowerCase()}`;
}

/** Splits a References / In-Reply-To value into normalized ids, in order, deduplicated. */
export function parseMessageIdList(value: string | readonly string[] | undefined, max = 100): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  const tokens = joined.includes('<') ? joined.match(/<[^<>]*>/g) ?? [] : joined.split(/[\s,]+/);
  const ids: string[] = [];
  for (const token of tokens) {
    const id = normalizeMessageId(token);
    if (id !== undefined && !ids.includes(id)) ids.push(id);
    if (ids.length >= max) break;
  }
  return ids;
}

/** The synthetic id of a mail without a usable Message-ID. */
export function syntheticMessageId(rawSha256: string): string {
  return `sha256:${rawSha256}`;
}

/**
 * Stable identity of a mail in a Space: sha256(space + normalized Message-ID), 32 hex chars. The
 * same mail gets the same id in any folder, after a UIDVALIDITY reset and after a DLQ redrive
 * (never the IMAP UID or the SQS id, Q5). Without a Message-ID the id is `sha256:<raw>`, so it
 * becomes a hash of the raw bytes.
 *
 * The same Message-ID on different bodies: the identity still dedupes on Message-ID. The
 * linker compares `contentSha256` with the stored item, with the content that claimed the identity
 * first, and again when its conditional create hits an item: equal means a duplicate (acknowledge);
 * different means a collision, stored under `collidingMessageIdentity` instead, so there are 0
 * false merges and a retry of either mail still lands on one item.
 */
export function messageIdentity(spaceId: string, parsed: Pick<ParsedMail, 'messageId'>): string {
  return hash32(`${spaceId}\n${parsed.messageId}`);
}

/** Identity for the second, different mail that reuses a Message-ID (see messageIdentity). */
export function collidingMessageIdentity(
  spaceId: string,
  parsed: Pick<ParsedMail, 'messageId' | 'contentSha256'>,
): string {
  return hash32(`${spaceId}\n${parsed.messageId}\n${parsed.contentSha256}`);
}

function hash32(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}
