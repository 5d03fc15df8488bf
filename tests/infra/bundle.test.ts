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
// Exempt from the 1 MB budget: the functions that speak IMAP (imapflow: sync-mailbox, and
// mailboxes-api, which tests connections) and the MIME parser (mailparser's charset tables:
// iconv-lite, libmime, encoding-japanese). Everything else stays small, which the test keeps true.
const EXEMPT: readonly FunctionName[] = ['sync-mailbox', 'poll-mailboxes', 'mailboxes-api', 'parse-message'];
const names = Object.keys(FUNCTIONS) as FunctionName[];

let bundles: Bundles;
beforeAll(() => {
  bundles = bundleWithStubs();
});

describe('function bundles', () => {
  it.each(names)('keeps the %s bundle within 1 MB', (fn) => {
    if (bundles.stubbed.includes(fn) || EXEMPT.includes(fn)) return;

    const bytes = statSync(join(bundles.dirOf(fn), 'index.mjs')).size;

    expect(bytes).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('emits ESM that exports a handler and can require CommonJS dependencies', () => {
    for (const fn of names) {
      const code = readFileSync(join(bundles.dirOf(fn), 'index.mjs'), 'utf8');

      expect(code.startsWith("import { createRequire as __mbCreateRequire } from 'node:module';")).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
    }
  });

  it('leaves the AWS SDK to the Lambda runtime', () => {
    for (const fn of names.filter((n) => !bundles.stubbed.includes(n))) {
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

  it('keeps class names in the minified bundle, so a thrown domain error is still DuplicateEmailError', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'mailbridge-names-'));
    buildSync({ ...FUNCTION_BUILD_OPTIONS, entryPoints: { 'thrower/index': join(import.meta.dirname, 'fixtures/throw-domain-error.ts') }, outdir });
    const { handler } = (await import(pathToFileURL(join(outdir, 'thrower/index.mjs')).href)) as { handler: () => Promise<never> };

    const thrown = await handler().catch((err: unknown) => err as Error & { code?: string });

    expect(thrown.constructor.name).toBe('DuplicateEmailError');
    expect(thrown.code).toBe('duplicate-email');
  });
});
