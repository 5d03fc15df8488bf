import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers from the ground up. A file may import its own layer and any layer below it, never one
 * above (docs/architecture.md says why each layer sits where it does).
 */
const LAYERS = [
  'shared/config',
  'shared/observability',
  'shared/domain',
  'shared/adapters',
  'shared/store',
  'shared/deps',
  'shared/http',
  'shared/client',
  'functions',
] as const;

/** What a Lambda entry may import: the HTTP or worker plumbing, the composition root, domain use cases. */
const HANDLER_MAY_IMPORT = ['shared/http', 'shared/deps', 'shared/domain'];
const HANDLER_MAX_LINES = 40;

/** Import and re-export specifiers, static and dynamic (`import x from`, `export * from`, `import('…')`, `import '…'`). */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

export function specifiersOf(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => m[1] as string);
}

export function layerOf(path: string): number {
  const index = LAYERS.findIndex((layer) => path === layer || path.startsWith(`${layer}/`));
  return index;
}

interface Edge { from: string; to: string }

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f).split('\\').join('/'));

/** Every relative import of shared/** and functions/** as repo paths. */
function edges(): Edge[] {
  return [...sourceFiles('shared'), ...sourceFiles('functions')].flatMap((from) =>
    specifiersOf(readFileSync(from, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => ({ from, to: relative('.', normalize(join(dirname(from), s))).split('\\').join('/') })));
}

describe('import parser', () => {
  it('reads static, type-only, re-export, side-effect and dynamic imports', () => {
    const text = [
      "import { a } from '../store/a.js';",
      "import type { B } from '../http/b.js';",
      "export { c } from './c.js';",
      "import './d.js';",
      "const e = await import('../deps/e.js');",
      "import {\n  f,\n} from '../domain/f.js';",
      "const text = 'not from here';",
    ].join('\n');
    expect(specifiersOf(text)).toEqual(['../store/a.js', '../http/b.js', './c.js', './d.js', '../deps/e.js', '../domain/f.js']);
  });

  it('places a path in its layer and knows the order', () => {
    expect(layerOf('shared/domain/orders/order.ts')).toBeLessThan(layerOf('shared/adapters/mailer/ses-mailer.ts'));
    expect(layerOf('shared/store/keys.ts')).toBeLessThan(layerOf('shared/deps/order-deps.ts'));
    expect(layerOf('shared/deps/order-deps.ts')).toBeLessThan(layerOf('shared/http/problem.ts'));
    expect(layerOf('shared/http/problem.ts')).toBeLessThan(layerOf('functions/orders-api.ts'));
    expect(layerOf('shared/elsewhere/x.ts')).toBe(-1);
  });
});

describe('layers', () => {
  const all = edges();

  it('places every file of shared/ and functions/ in a layer', () => {
    const unplaced = [...new Set(all.flatMap((e) => [e.from, e.to]).filter((p) => layerOf(p) < 0))];
    expect(unplaced).toEqual([]);
  });

  it('has no import pointing up the layers', () => {
    const up = all.filter((e) => layerOf(e.to) > layerOf(e.from)).map((e) => `${e.from} -> ${e.to}`);
    expect(up).toEqual([]);
  });

  it('lets handlers import only http, deps and domain use cases', () => {
    const wrong = all.filter((e) => e.from.startsWith('functions/'))
      .filter((e) => !HANDLER_MAY_IMPORT.some((layer) => e.to.startsWith(`${layer}/`)))
      .map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it(`keeps every handler within ${HANDLER_MAX_LINES} lines`, () => {
    const long = sourceFiles('functions')
      .map((f) => ({ f, lines: readFileSync(f, 'utf8').trimEnd().split('\n').length }))
      .filter(({ lines }) => lines > HANDLER_MAX_LINES)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
