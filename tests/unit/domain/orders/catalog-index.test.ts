import { describe, expect, it } from 'vitest';
import { buildCatalogIndex, type CatalogProduct } from '../../../../shared/domain/orders/catalog-index.js';
import { tokenize } from '../../../../shared/domain/orders/tokens.js';

const product = (sku: string, name: string): CatalogProduct => ({ id: `p-${sku}`, sku, name, aliases: [], active: true });

describe('buildCatalogIndex isSku', () => {
  it('recognises SKUs in any case and no other word of the same length and first letter', () => {
    const index = buildCatalogIndex([product('TSH-M-BLK', 'T-Shirt Medium Black'), product('GAD-PRO', 'Gadget Pro')]);

    expect(['tsh-m-blk', 'TSH-M-BLK', 'Gad-Pro'].map(index.isSku)).toEqual([true, true, true]);
    expect(['tshmblkxx', 'gadgets', 'GAD-PRX', 'gad_pro'].map(index.isSku)).toEqual([false, false, false, false]);
  });

  it('recognises a SKU of plain letters when the catalog has one', () => {
    const index = buildCatalogIndex([product('TSH-M-BLK', 'T-Shirt Medium Black'), product('GADGET', 'Gadget Pro')]);

    expect(['gadget', 'Gadget', 'GADGET'].map(index.isSku)).toEqual([true, true, true]);
    expect(index.isSku('gadgex')).toBe(false);
  });
});

describe('tokenize', () => {
  it('gives a word met again the same tokens at its new position', () => {
    const index = buildCatalogIndex([product('CBL-2M', 'USB-C Cable 2m')]);
    const line = '2x usb-c cables, 3 x cbl-2m, 2x usb-c cables';

    const tokens = tokenize(line, index.isSku, index.isWord);

    expect(tokens.map((t) => [t.norm, t.kind, line.slice(t.start, t.end)])).toEqual([
      ['2x', 'times', '2x'], ['usb', 'word', 'usb'], ['c', 'word', 'c'], ['cable', 'word', 'cables'],
      ['3', 'int', '3'], ['x', 'word', 'x'], ['CBL-2M', 'sku', 'cbl-2m'],
      ['2x', 'times', '2x'], ['usb', 'word', 'usb'], ['c', 'word', 'c'], ['cable', 'word', 'cables'],
    ]);
    expect(tokens.filter((t) => t.kind === 'times').map((t) => t.value)).toEqual([2, 2]);
  });
});
