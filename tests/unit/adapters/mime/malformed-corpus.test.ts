import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMime } from '../../../../shared/adapters/mime/mailparser-mime.js';
import type { ParsedMail } from '../../../../shared/domain/mail/parsed-mail.js';
import { largeMalformedCases, MALFORMED_DIR, smallMalformedCases, type MalformedCase } from '../../../fixtures/mail/generate-malformed.js';

const storedCases = (): MalformedCase[] => readdirSync(MALFORMED_DIR).filter((f) => f.endsWith('.eml'))
  .map((f) => ({ name: f.replace(/\.eml$/, ''), raw: readFileSync(join(MALFORMED_DIR, f)) }))
  .sort((a, b) => a.name.localeCompare(b.name));

const isWellFormedUtf8 = (s: string): boolean => Buffer.from(s, 'utf8').toString('utf8') === s && !s.includes('\u0000');

function textFieldsOf(mail: ParsedMail): string[] {
  const people = [...mail.from, ...mail.to, ...mail.cc, ...mail.replyTo].flatMap((a) => [a.address, a.name]);
  return [mail.subject, mail.text, mail.html ?? '', mail.snippet, mail.messageId, ...people, ...mail.attachments.map((a) => a.filename)];
}

describe('malformed mail corpus', () => {
  it('keeps the committed .eml files in step with the generator', () => {
    const stored = storedCases();

    expect(stored.map((c) => c.name)).toEqual(smallMalformedCases().map((c) => c.name).sort((a, b) => a.localeCompare(b)));
    for (const c of smallMalformedCases()) expect(stored.find((s) => s.name === c.name)?.raw.equals(c.raw)).toBe(true);
  });

  it('parses at least 50 malformed mails without a throw, each parsed or unparsed with a reason and valid UTF-8', async () => {
    const cases = [...storedCases(), ...largeMalformedCases()];
    const timings: number[] = [];
    let peakRss = process.memoryUsage().rss;
    const outcomes: Record<string, string> = {};

    for (const { name, raw } of cases) {
      const started = performance.now();
      const { mail } = await parseMime(raw, { internalDate: '2025-03-03T17:14:00.000Z' });
      timings.push(performance.now() - started);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      outcomes[name] = mail.parseStatus === 'parsed' ? 'parsed' : `unparsed (${mail.parseError})`;

      expect(['parsed', 'unparsed']).toContain(mail.parseStatus);
      if (mail.parseStatus === 'unparsed') expect(mail.parseError).toBeTruthy();
      for (const field of textFieldsOf(mail)) expect(isWellFormedUtf8(field)).toBe(true);
      expect(mail.subject.length).toBeLessThanOrEqual(998);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.messageId.length).toBeGreaterThan(0);
      expect(JSON.stringify(mail).length).toBeLessThan(400 * 1024 + 600 * 1024);
    }

    expect(cases.length).toBeGreaterThanOrEqual(50);
    timings.sort((a, b) => a - b);
    const p99 = timings[Math.min(timings.length - 1, Math.ceil(timings.length * 0.99) - 1)] ?? 0;
    console.info(`malformed corpus: ${cases.length} mails, parse p99 ${p99.toFixed(1)} ms, max ${timings.at(-1)?.toFixed(1)} ms, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
    console.info(Object.entries(outcomes).filter(([, o]) => o !== 'parsed').map(([n, o]) => `  ${n}: ${o}`).join('\n'));
  }, 120_000);
});
