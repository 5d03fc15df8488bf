import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex, parseOrderLines, type CatalogProduct } from '../../../../shared/domain/orders/parse-order-lines.js';

// General reading rules on the independent corpus's catalog (sizes, colours, spec tokens shared by
// several products); the inputs are written here, not taken from the corpus.
const catalogUrl = new URL('../../../fixtures/order-corpus/catalog.json', import.meta.url);
const index = buildCatalogIndex(JSON.parse(readFileSync(catalogUrl, 'utf8')) as CatalogProduct[]);
const pairs = (text: string, html?: string): string[] =>
  parseOrderLines({ text, ...(html === undefined ? {} : { html }) }, index).lines.map((l) => `${l.quantity} ${l.sku}`).sort();

describe('parseOrderLines: which part of a multipart mail', () => {
  const html = '<p>Hi,</p><table><tr><td><p>Product</p></td><td><p>Qty</p></td></tr>'
    + '<tr><td><p>Masking tape</p></td><td><p>12</p></td></tr><tr><td><p>Clear tape</p></td><td><p>24</p></td></tr></table>'
    + '<p>Ann Lee | Lee Ltd | 01632 960 118</p>';

  it('reads the HTML table when the text part stacks its cells, even with pipes in the signature', () => {
    const text = 'Hi,\n\nProduct\n\nQty\n\nMasking tape\n\n12\n\nClear tape\n\n24\n\nAnn Lee | Lee Ltd | 01632 960 118\n';
    const order = parseOrderLines({ text, html }, index);

    expect(order.body.from).toBe('html');
    expect(pairs(text, html)).toEqual(['12 TAPE-25-MSK', '24 TAPE-48-CLR']);
  });

  it('keeps the text part when its lines hold the cells apart', () => {
    const text = 'Hi,\nProduct\tQty\nMasking tape\t12\nClear tape\t24\nAnn Lee | Lee Ltd | 01632 960 118\n';

    expect(parseOrderLines({ text, html }, index).body.from).toBe('text');
    expect(pairs(text, html)).toEqual(['12 TAPE-25-MSK', '24 TAPE-48-CLR']);
  });
});

describe('parseOrderLines: numbers that belong to the name or to something else', () => {
  it('reads a number the product name carries as part of the name ("labels 21 per sheet")', () => {
    expect(pairs('50 x address labels 21 per sheet')).toEqual(['50 LBL-A4-21']);
  });

  it('does not let a number counting an unknown noun compete with the item\'s quantity', () => {
    expect(pairs("We've got two new starters so we need hi vis vests - 6 yellow in medium and 6 in large please."))
      .toEqual(['6 HVV-L-YEL', '6 HVV-M-YEL']);
  });
});

describe('parseOrderLines: greetings that are also catalog words', () => {
  it('does not join "Hi," to the product words after the comma', () => {
    expect(pairs('Hi, cat6 patch cables 3m please, 12 grey and 8 blue')).toEqual(['12 CBL-CAT6-3M-GRY', '8 CBL-CAT6-3M-BLU']);
  });
});
