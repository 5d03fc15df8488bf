import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dynamodb', 'LocalLauncher.java');
const DEFAULT_CACHE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'node_modules', '.cache', 'mailbridge-dynamodb-launcher');

/**
 * Compiles LocalLauncher.java once per source and jar version and resolves the class directory;
 * resolves undefined when javac is unavailable, as with a Java runtime only (the caller then uses
 * Java source-file mode, which compiles in memory on every start and costs a second or two).
 */
export async function compiledLauncher(jar: string, cache = DEFAULT_CACHE): Promise<string | undefined> {
  try {
    const hash = createHash('sha256').update(await readFile(SOURCE)).update(jar).digest('hex').slice(0, 16);
    const dir = join(cache, hash);
    if (existsSync(join(dir, 'LocalLauncher.class'))) return dir;
    await mkdir(cache, { recursive: true });
    const tmp = await mkdtemp(join(cache, 'build-'));
    await promisify(execFile)('javac', ['-nowarn', '-cp', jar, '-d', tmp, SOURCE], { timeout: 60_000 });
    // Concurrent starts may race here; the loser's rename fails and its build is discarded.
    await rename(tmp, dir).catch(() => rm(tmp, { recursive: true, force: true }));
    return existsSync(join(dir, 'LocalLauncher.class')) ? dir : undefined;
  } catch {
    return undefined;
  }
}
