import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildConsole } from '../../infra/web/build-console.js';

/** What a browser may download of the console, gzipped (as CloudFront and browsers negotiate). */
const LIMIT_BYTES = 300 * 1024;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('production bundle of the console', () => {
  it('is under 300 KB gzipped, every script, style sheet and page counted', async () => {
    // The same build npm start serves (reused when the browser suite's npm start already built it).
    const build = await buildConsole();
    const sizes: { file: string; raw: number; gzipped: number }[] = [];
    for (const file of await filesUnder(build.dir)) {
      if (!/\.(js|css|html)$/.test(file)) continue;
      const bytes = await readFile(file);
      sizes.push({ file: relative(build.dir, file), raw: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length });
    }
    const total = sizes.reduce((sum, s) => sum + s.gzipped, 0);

    for (const s of sizes) console.log(`${s.file}: ${(s.raw / 1024).toFixed(1)} KB, ${(s.gzipped / 1024).toFixed(1)} KB gzipped`);
    console.log(`console bundle: ${(total / 1024).toFixed(1)} KB gzipped in ${sizes.length} files (limit ${LIMIT_BYTES / 1024} KB)`);
    expect(sizes.some((s) => s.file.endsWith('.js'))).toBe(true);
    expect(total).toBeLessThan(LIMIT_BYTES);
  });
});
