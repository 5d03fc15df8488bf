import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** What the console's bundle is made of: a change to any of these means a new build. */
const INPUTS = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/package.json', 'shared/client', 'package-lock.json'];

const STALE_BUILD_MS = 24 * 3600_000;

export interface ConsoleBuild {
  /** Folder with index.html and assets/, ready to serve under CONSOLE_BASE. */
  readonly dir: string;
  readonly hash: string;
  /** False when an earlier build of the same inputs was reused. */
  readonly built: boolean;
}

/** Hash of every input file's path and bytes, so a warm `npm start` skips the build. */
export async function consoleInputHash(root = repoRoot): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of await filesUnder(join(root, input))) {
      hash.update(relative(root, file)).update('\0').update(await readFile(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the console with Vite into `web/.build/<input hash>/` unless that build exists; a build is
 * written beside and renamed into place, so runs started together never serve half a build.
 */
export async function buildConsole(root = repoRoot): Promise<ConsoleBuild> {
  const hash = await consoleInputHash(root);
  const buildRoot = join(root, 'web', '.build');
  const dir = join(buildRoot, hash);
  if (existsSync(join(dir, 'index.html'))) return { dir, hash, built: false };
  const scratch = join(buildRoot, `${hash}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(buildRoot, { recursive: true });
  // Loaded only on a cache miss: Vite adds a noticeable start-up cost to npm start.
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn', build: { outDir: scratch, emptyOutDir: true } });
  try {
    await rename(scratch, dir);
  } catch (err) {
    // Another run renamed the same build into place first: keep theirs.
    await rm(scratch, { recursive: true, force: true });
    if (!existsSync(join(dir, 'index.html'))) throw err;
  }
  await removeStaleBuilds(buildRoot, hash);
  return { dir, hash, built: true };
}

/** Drops builds of other inputs untouched for a day (a running npm start may still serve a recent one). */
async function removeStaleBuilds(buildRoot: string, keep: string): Promise<void> {
  const cutoff = Date.now() - STALE_BUILD_MS;
  for (const name of await readdir(buildRoot)) {
    const path = join(buildRoot, name);
    if (name !== keep && (await stat(path)).mtimeMs < cutoff) await rm(path, { recursive: true, force: true });
  }
}

async function filesUnder(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  if (!(await stat(path)).isDirectory()) return [resolve(path)];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(entries.sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => (e.isDirectory() ? filesUnder(join(path, e.name)) : Promise.resolve([join(path, e.name)]))));
  return nested.flat();
}
