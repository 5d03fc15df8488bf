import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../shared/config/names.js';
import { bundleFunctions, FUNCTION_BUILD_OPTIONS, type Bundles } from '../../infra/bundle.js';
import { bundleWithStubs } from './support/synth-stack.js';

const MAX_BYTES = 1024 * 1024;
/**
 * The functions that speak IMAP (imapflow: sync-mailbox, and mailboxes-api, which tests connections)
 * and the MIME parser (mailparser's charset tables: iconv-lite, libmime, encoding-japanese) carry
 * about 1.7 MB; they get a budget of their own instead of none. So do the readers of a message's
 * whole text (mail-api, orders-api for drafts, assistant-api for the mail it reads): the pipeline keeps one copy of a mail, its raw
 * MIME, and they parse it again (shared/adapters/mime/full-mail.ts); orders-api also carries the Stripe SDK
 * and the customer's order operations (cancel, refund, stats); sync-mailbox also runs the parser and the
 * linker (rules, threading, capture) for first-import previews; link-message re-reads stored mail
 * with the MIME parser when the mail-rules re-apply job needs a body or header rule and the parser kept
 * no parsed blob. Everything else stays within 1 MB.
 */
const BUDGET: Partial<Record<FunctionName, number>> = {
  'sync-mailbox': 2.5 * MAX_BYTES, 'mailboxes-api': 2 * MAX_BYTES, 'parse-message': 2 * MAX_BYTES,
  'mail-api': 2 * MAX_BYTES, 'orders-api': 2.5 * MAX_BYTES, 'assistant-api': 2 * MAX_BYTES, 'link-message': 2 * MAX_BYTES,
};
const names = Object.keys(FUNCTIONS) as FunctionName[];

let bundles: Bundles;
beforeAll(() => {
  bundles = bundleWithStubs();
});

describe('function bundles', () => {
  it('bundles every function from its own entry, none from a stub', () => {
    expect(bundles.stubbed).toEqual([]);
  });

  it.each(names)('keeps the %s bundle within its size budget', (fn) => {
    const bytes = statSync(join(bundles.dirOf(fn), 'index.mjs')).size;

    expect(bytes).toBeLessThanOrEqual(BUDGET[fn] ?? MAX_BYTES);
  });

  it.each(names)('keeps zod\'s translated messages out of the %s bundle', (fn) => {
    // `import { z } from 'zod'` makes z a value holding every export, all locales among them (about
    // 365 KB in each bundle); `import * as z from 'zod'` lets esbuild keep only what is used.
    const locales = bundles.inputsOf(fn).filter((file) => /zod\/v4\/locales\//.test(file));

    expect(locales.map((file) => file.slice(file.lastIndexOf('/') + 1))).toEqual(['en.js']);
  });

  it.each(names)('ships no local-stack or test code in the %s bundle', (fn) => {
    const inputs = bundles.inputsOf(fn);

    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((file) => /^(infra|tests)\//.test(file))).toEqual([]);
  });

  it('emits ESM that exports a handler and can require CommonJS dependencies', () => {
    for (const fn of names) {
      const code = readFileSync(join(bundles.dirOf(fn), 'index.mjs'), 'utf8');

      expect(code.startsWith("import { createRequire as __mbCreateRequire } from 'node:module';")).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
    }
  });

  it('leaves the AWS SDK to the Lambda runtime', () => {
    for (const fn of names) {
      const code = readFileSync(join(bundles.dirOf(fn), 'index.mjs'), 'utf8');

      expect(code).not.toContain('@aws-sdk/client-dynamodb/package.json');
      expect(code).not.toMatch(/serviceId:\s*["']DynamoDB["']/);
    }
  });

  it('refuses to bundle when entry files are missing and names each of them', () => {
    const emptyRoot = mkdtempSync(join(tmpdir(), 'mailbridge-empty-'));

    const attempt = () => bundleFunctions({ root: emptyRoot, outdir: join(emptyRoot, 'out') });

    expect(attempt).toThrow(/entry files do not exist/);
    expect(attempt).toThrow(/sync-mailbox: functions\/sync-mailbox\.ts/);
  });

  it('keeps regex literals with Unicode property escapes as literals, not a new RegExp per call', () => {
    const built = buildSync({
      ...FUNCTION_BUILD_OPTIONS, banner: {}, sourcemap: false, write: false, outdir: tmpdir(),
      stdin: { contents: 'export const isWord = (s: string): boolean => /^\\p{L}+$/u.test(s);', loader: 'ts' },
    });
    const code = built.outputFiles.map((f) => f.text).join('');

    expect(code).toContain(String.raw`/^\p{L}+$/u`);
    expect(code).not.toContain('new RegExp');
  });

  it('keeps class names in the minified bundle, so a thrown domain error is still DuplicateEmailError', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'mailbridge-names-'));
    buildSync({ ...FUNCTION_BUILD_OPTIONS, entryPoints: { 'thrower/index': join(import.meta.dirname, 'fixtures/throw-domain-error.ts') }, outdir });
    const { handler } = (await import(pathToFileURL(join(outdir, 'thrower/index.mjs')).href)) as { handler: () => Promise<never> };

    const thrown = await handler().catch((err: unknown) => err as Error & { code?: string });

    expect(thrown.constructor.name).toBe('DuplicateEmailError');
    expect(thrown.code).toBe('duplicate-email');
  });
});
