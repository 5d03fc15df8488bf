import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, stop as stopEsbuild, version as esbuildVersion, type BuildOptions, type Metafile } from 'esbuild';
import { entryNameOf, FUNCTION_BUILD_OPTIONS } from '../../bundle.js';
import { FUNCTIONS, type FunctionName } from '../../../shared/config/names.js';

/** The child-process entry that hosts one bundle (host.ts), built beside the function bundles. */
const HOST_ENTRY = 'infra/local/function-host/host.ts';
const HOST_NAME = '_host/index';
/** Build folders no manifest points to are removed after this long (another stack may still use one). */
const STALE_MS = 24 * 3600_000;

export interface LocalBundles {
  readonly dir: string;
  readonly hostFile: string;
  bundleOf(fn: FunctionName): string;
  /** False when a cached build matched the sources. */
  readonly built: boolean;
  readonly ms: number;
}

export interface LocalBundleOptions {
  /** Repository root; the bundles must live under it so `@aws-sdk/*` resolves from its node_modules. */
  readonly root: string;
  /** @default `<root>/.local/bundles` */
  readonly cacheDir?: string;
  /** Entry per function; tests point a function at a fixture. @default FUNCTIONS[fn].entry */
  readonly entries?: Partial<Record<FunctionName, string>>;
  /** Build only these functions (tests). @default every function */
  readonly only?: readonly FunctionName[];
}

interface Manifest { readonly dir: string; readonly inputs: readonly string[]; readonly contentHash: string }

/**
 * Builds every function with the deployed options (one esbuild call, as CDK does) plus the host
 * entry, unless a build of the same options and source contents is cached in `cacheDir`. esbuild's
 * service process is stopped afterwards; it would keep its memory for the life of the stack.
 */
export async function buildLocalBundles(options: LocalBundleOptions): Promise<LocalBundles> {
  const started = Date.now();
  const root = resolve(options.root);
  const cacheDir = resolve(options.cacheDir ?? join(root, '.local', 'bundles'));
  const names = options.only ?? (Object.keys(FUNCTIONS) as FunctionName[]);
  const entryPoints = Object.fromEntries(names.map((fn) => [entryNameOf(fn), options.entries?.[fn] ?? FUNCTIONS[fn].entry]));
  const hostOptions: BuildOptions = {
    entryPoints: { [HOST_NAME]: HOST_ENTRY }, bundle: true, format: 'esm', platform: 'node', target: 'node20',
    outExtension: { '.js': '.mjs' }, sourcemap: true, external: ['@aws-sdk/*', '@smithy/*'], logLevel: 'error',
  };
  const optionsHash = sha256(JSON.stringify({ esbuildVersion, FUNCTION_BUILD_OPTIONS, entryPoints, hostOptions }));
  const manifestFile = join(cacheDir, `manifest-${optionsHash.slice(0, 16)}.json`);
  const result = (dir: string, built: boolean): LocalBundles => ({
    dir, hostFile: join(dir, `${HOST_NAME}.mjs`), bundleOf: (fn) => join(dir, `${entryNameOf(fn)}.mjs`), built, ms: Date.now() - started,
  });

  const cached = await readManifest(manifestFile);
  if (cached !== undefined && existsSync(join(cacheDir, cached.dir)) && (await contentHashOf(root, cached.inputs)) === cached.contentHash) {
    return result(join(cacheDir, cached.dir), false);
  }
  await mkdir(cacheDir, { recursive: true });
  const tmp = join(cacheDir, `tmp-${randomUUID()}`);
  const common = { absWorkingDir: root, outdir: tmp, metafile: true } as const;
  const [fns, host] = await Promise.all([
    build({ ...FUNCTION_BUILD_OPTIONS, ...common, entryPoints }),
    build({ ...hostOptions, ...common }),
  ]).finally(() => stopEsbuild());
  const inputs = [...new Set([...inputsOf(fns.metafile), ...inputsOf(host.metafile)])].sort();
  const contentHash = await contentHashOf(root, inputs);
  const dir = `${optionsHash.slice(0, 8)}-${contentHash.slice(0, 16)}`;
  if (existsSync(join(cacheDir, dir))) await rm(tmp, { recursive: true, force: true });
  else await rename(tmp, join(cacheDir, dir));
  const manifest: Manifest = { dir, inputs, contentHash };
  const tmpManifest = `${manifestFile}.${randomUUID()}`;
  await writeFile(tmpManifest, JSON.stringify(manifest));
  await rename(tmpManifest, manifestFile);
  await removeStale(cacheDir, dir);
  return result(join(cacheDir, dir), true);
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const inputsOf = (meta: Metafile | undefined) => Object.keys(meta?.inputs ?? {}).filter((p) => !p.includes(':'));

async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** One hash over every input file's path and bytes; a missing file changes it. */
async function contentHashOf(root: string, inputs: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  const contents = await Promise.all(inputs.map((p) => readFile(join(root, p)).catch(() => Buffer.from(`missing:${p}`))));
  inputs.forEach((p, i) => hash.update(p).update('\0').update(contents[i]!).update('\0'));
  return hash.digest('hex');
}

async function removeStale(cacheDir: string, keep: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (name === keep || name.startsWith('manifest-')) continue;
    const path = join(cacheDir, name);
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined && Date.now() - info.mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true });
  }
}
