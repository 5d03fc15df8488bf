import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, type BuildOptions } from 'esbuild';
import { FUNCTIONS, type FunctionName } from '../shared/config/names.js';

/** Where each function's bundle was written, and which entries a stub stood in for. */
export interface Bundles {
  /** Directory holding `index.mjs` (and its source map) for one function. */
  dirOf(fn: FunctionName): string;
  /** Functions whose entry file was missing and got the stub (only when `stubEntry` is given). */
  readonly stubbed: readonly FunctionName[];
  /** The source files esbuild put into one function's bundle, relative to the root. */
  inputsOf(fn: FunctionName): readonly string[];
}

export interface BundleOptions {
  /** Repository root; entries in FUNCTIONS are relative to it. @default the folder above infra/ */
  readonly root?: string;
  /** Output folder; each function gets `<outdir>/<fn>/index.mjs`. @default `<root>/cdk.out/bundles` */
  readonly outdir?: string;
  /**
   * Entry bundled in place of a missing function entry. Tests only.
   * @default - a missing entry fails with an error naming every missing file
   */
  readonly stubEntry?: string;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// ESM output has no `require`; CommonJS dependencies (mailparser, iconv-lite...) still call it.
const requireShim =
  "import { createRequire as __mbCreateRequire } from 'node:module';" +
  'const require = __mbCreateRequire(import.meta.url);';

/**
 * How every function is built, for CDK and for the local twin alike: ESM for Node 22, minified with
 * names kept (a domain error stays `DuplicateEmailError`, not `s`, in logs and `constructor.name`),
 * source maps, and the AWS SDK v3 external because the Lambda runtime ships it.
 */
export const FUNCTION_BUILD_OPTIONS = {
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // esbuild's tables do not list Node as supporting Unicode property escapes (\p{L}), so it would
  // rewrite such a regex literal into `new RegExp(...)`, built again on every call inside a function
  // (the order parser's hot paths); Node has supported them since version 10
  supported: { 'regexp-unicode-property-escapes': true },
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: true,
  sourcemap: true,
  legalComments: 'none',
  external: ['@aws-sdk/*'],
  banner: { js: requireShim },
  logLevel: 'error',
} as const satisfies BuildOptions;

/** esbuild entry names: `<fn>/index`, so each function gets its own folder. */
export const entryNameOf = (fn: FunctionName): string => `${fn}/index`;

/**
 * Bundles every entry of FUNCTIONS with one esbuild call (FUNCTION_BUILD_OPTIONS).
 * @throws Error naming each missing entry file, unless `stubEntry` is given.
 */
export function bundleFunctions(options: BundleOptions = {}): Bundles {
  const root = options.root ?? repoRoot;
  const outdir = resolve(root, options.outdir ?? 'cdk.out/bundles');
  const names = Object.keys(FUNCTIONS) as FunctionName[];
  const missing = names.filter((fn) => !existsSync(join(root, FUNCTIONS[fn].entry)));
  if (missing.length > 0 && !options.stubEntry) {
    const list = missing.map((fn) => `  ${fn}: ${FUNCTIONS[fn].entry}`).join('\n');
    throw new Error(`Cannot bundle the Lambda functions; these entry files do not exist:\n${list}`);
  }
  const entryPoints = Object.fromEntries(
    names.map((fn) => [
      entryNameOf(fn),
      missing.includes(fn) ? resolve(options.stubEntry ?? '') : join(root, FUNCTIONS[fn].entry),
    ]),
  );
  const { metafile } = buildSync({
    absWorkingDir: root,
    metafile: true,
    entryPoints,
    outdir,
    ...FUNCTION_BUILD_OPTIONS,
  });
  const inputsOf = (fn: FunctionName): readonly string[] => {
    const output = Object.entries(metafile.outputs).find(([file]) => resolve(root, file) === join(outdir, fn, 'index.mjs'));
    return Object.keys(output?.[1].inputs ?? {});
  };
  return { dirOf: (fn) => join(outdir, fn), stubbed: missing, inputsOf };
}
