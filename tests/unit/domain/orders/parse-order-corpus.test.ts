import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex, parseOrderLines, type CatalogProduct } from '../../../../shared/domain/orders/parse-order-lines.js';

interface Fixture {
  readonly name: string;
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  readonly expected: readonly { sku: string; quantity: number }[];
  readonly expectWarnings?: boolean;
}

const dir = new URL('../../../fixtures/order-emails/', import.meta.url);
const catalog = JSON.parse(readFileSync(new URL('catalog.json', dir), 'utf8')) as CatalogProduct[];
const corpus = JSON.parse(readFileSync(new URL('corpus.json', dir), 'utf8')) as Fixture[];
const index = buildCatalogIndex(catalog);
const pairs = (list: readonly { sku: string; quantity: number }[]): string[] => list.map((l) => `${l.sku}×${l.quantity}`);

describe('parseOrderLines on the fixture corpus', () => {
  it('holds at least 60 mails, negatives included', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(corpus.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(10);
  });

  it('reaches precision ≥ 0.97 and recall ≥ 0.9 over (sku, quantity) pairs', () => {
    let truePositives = 0;
    let found = 0;
    let wanted = 0;
    const misses: string[] = [];
    for (const fixture of corpus) {
      const got = pairs(parseOrderLines(fixture, index).lines);
      const want = pairs(fixture.expected);
      truePositives += got.filter((p) => want.includes(p)).length;
      found += got.length;
      wanted += want.length;
      if (got.join() !== want.join()) misses.push(`${fixture.name}: got [${got.join(', ')}] want [${want.join(', ')}]`);
    }
    const precision = found === 0 ? 1 : truePositives / found;
    const recall = wanted === 0 ? 1 : truePositives / wanted;
    console.log(`order-line corpus: ${corpus.length} mails, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    if (misses.length > 0) console.log(`differences:\n  ${misses.join('\n  ')}`);

    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it.each(corpus.filter((c) => c.expectWarnings === true).map((c) => [c.name, c] as const))('warns for %s', (_, fixture) => {
    expect(parseOrderLines(fixture, index).warnings.length + parseOrderLines(fixture, index).lines.flatMap((l) => l.warnings).length).toBeGreaterThan(0);
  });
});
