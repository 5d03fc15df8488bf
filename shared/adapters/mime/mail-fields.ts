import { createHash } from 'node:crypto';
import type { AddressObject, EmailAddress } from 'mailparser';
import { capChars, cleanLine } from '../../domain/mail/clean-text.js';
import { normalizeEmail } from '../../domain/mail/match-addresses.js';
import { MAIL_LIMITS, type MailAddress, type MailHeaders } from '../../domain/mail/parsed-mail.js';
import type { HeaderMap } from './scan-headers.js';

/** Flattens mailparser address objects (groups included) into normalized addresses, at most `max`. */
export function toAddresses(value: AddressObject | AddressObject[] | undefined, max: number): {
  list: MailAddress[];
  dropped: number;
} {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const list: MailAddress[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  const visit = (entry: EmailAddress): void => {
    if (entry.group) { entry.group.forEach(visit); return; }
    const address = normalizeEmail(capChars(entry.address ?? '', MAIL_LIMITS.addressChars));
    if (!address.includes('@') || seen.has(address)) return;
    seen.add(address);
    if (list.length >= max) { dropped++; return; }
    list.push({ address, name: cleanLine(entry.name ?? '', MAIL_LIMITS.nameChars) });
  };
  for (const object of objects) object.value.forEach(visit);
  return { list, dropped };
}

/** A file name safe to show and to use in a Content-Disposition: no paths, controls or odd chars. */
export function sanitizeFilename(name: string | undefined, index: number): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029<>:"|?*]+/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '').replace(/\s+/g, ' ');
  return capChars(clean, MAIL_LIMITS.filenameChars) || `attachment-${index + 1}`;
}

/** The header values the classifier reads, unfolded and capped. */
export function headersOfInterest(headers: HeaderMap): MailHeaders {
  const pick = (name: string): string | undefined => {
    const value = headers.get(name)?.[0];
    return value === undefined ? undefined : cleanLine(value, MAIL_LIMITS.headerValueChars);
  };
  const entries: [keyof MailHeaders, string | undefined][] = [
    ['autoSubmitted', pick('auto-submitted')], ['precedence', pick('precedence')], ['listId', pick('list-id')],
    ['xAutoreply', pick('x-autoreply')], ['xAutorespond', pick('x-autorespond')],
    ['xAutoResponseSuppress', pick('x-auto-response-suppress')], ['returnPath', pick('return-path')],
    ['contentType', pick('content-type')],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as MailHeaders;
}

/** Header map from mailparser's raw header lines (`Name: value`, folded). */
export function headerMapFromLines(lines: ReadonlyArray<{ key: string; line: string }>): HeaderMap {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const value = line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

/** ISO date of a Date header value, else of the fallback (IMAP internal date), else undefined. */
export function mailDate(header: string | undefined, fallback?: Date | string): string | undefined {
  for (const candidate of [header, header?.replace(/\([^)]*\)/g, '').trim()]) {
    const time = candidate ? Date.parse(candidate) : NaN;
    if (!Number.isNaN(time) && Math.abs(time) < 8.64e15) return new Date(time).toISOString();
  }
  const back = fallback === undefined ? NaN : new Date(fallback).getTime();
  return Number.isNaN(back) ? undefined : new Date(back).toISOString();
}

/** Hex sha256 of bytes or text. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hash of what a reader sees: tells two different mails under one Message-ID apart (M9). */
export function contentHash(parts: { subject: string; text: string; html?: string; attachmentShas: string[] }): string {
  const hash = createHash('sha256');
  for (const part of [parts.subject, parts.text, parts.html ?? '', ...parts.attachmentShas]) hash.update(part).update('\u0000');
  return hash.digest('hex');
}
