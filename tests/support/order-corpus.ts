import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMime } from '../../shared/adapters/mime/mailparser-mime.js';
import type { CatalogProduct } from '../../shared/domain/orders/parse-order-lines.js';

/**
 * The independent order corpus (tests/fixtures/order-corpus) rendered to real MIME and read back by
 * the project's MIME adapter, so the parser sees exactly what it sees in production.
 * The frozen part is only ever scored in aggregate: nothing here hands out a frozen mail's id,
 * text or per-mail result (see the corpus README).
 */
export const CORPUS_DIR = join(import.meta.dirname, '../fixtures/order-corpus');
/** `frozen` and the holdouts are only ever scored in aggregate; `tune` may be read mail by mail. */
export type Split = 'tune' | 'frozen' | 'holdout-2' | 'holdout-3' | 'holdout-4' | 'holdout-5';

export interface CorpusMail {
  readonly id: string;
  readonly classes: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  readonly expected: readonly { sku: string; quantity: number }[];
  readonly expectWarning: boolean;
}

/** What the draft endpoint has of a mail: the adapter's text and sanitized HTML. */
export interface ReadMail {
  readonly mail: CorpusMail;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

export function corpusCatalog(): CatalogProduct[] {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'catalog.json'), 'utf8')) as CatalogProduct[];
}

export function corpusMails(split: Split): CorpusMail[] {
  const dir = join(CORPUS_DIR, split);
  return readdirSync(dir).sort().map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as CorpusMail);
}

/** Renders a corpus mail as the MIME a mail client sends: text-only, HTML-only or multipart/alternative. */
export function renderMime(mail: CorpusMail): Buffer {
  const headers = [
    `From: ${encodeAddress(mail.from)}`,
    'To: sales@supplies.example',
    `Subject: ${encodeHeader(mail.subject)}`,
    'Date: Tue, 03 Nov 2026 09:15:00 +0000',
    `Message-ID: <${mail.id}@corpus.example>`,
    'MIME-Version: 1.0',
  ];
  const part = (type: string, body: string): string[] => [
    `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body),
  ];
  if (mail.text !== undefined && mail.html !== undefined) {
    const boundary = `b-${mail.id}`;
    return Buffer.from([
      ...headers, `Content-Type: multipart/alternative; boundary="${boundary}"`, '',
      `--${boundary}`, ...part('text/plain', mail.text), `--${boundary}`, ...part('text/html', mail.html), `--${boundary}--`, '',
    ].join('\r\n'));
  }
  const [type, body] = mail.html !== undefined ? ['text/html', mail.html] : ['text/plain', mail.text ?? ''];
  return Buffer.from([...headers, ...part(type, body)].join('\r\n'));
}

/** Every mail of a split through the real MIME adapter. */
export async function readCorpus(split: Split): Promise<ReadMail[]> {
  return Promise.all(corpusMails(split).map(async (mail) => {
    const { mail: parsed } = await parseMime(renderMime(mail));
    return { mail, subject: parsed.subject, text: parsed.text, ...(parsed.html !== undefined ? { html: parsed.html } : {}) };
  }));
}

function encodeAddress(value: string): string {
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  return named === null ? value : `${encodeHeader(named[1] as string)} <${named[2]}>`;
}

function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function base64Lines(body: string): string {
  return (Buffer.from(body, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}
