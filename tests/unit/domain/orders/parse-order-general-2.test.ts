import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex, parseOrderLines, type CatalogProduct } from '../../../../shared/domain/orders/parse-order-lines.js';

// More general reading rules on the independent corpus's catalog; the inputs are written here, not
// taken from the corpus.
const catalogUrl = new URL('../../../fixtures/order-corpus/catalog.json', import.meta.url);
const index = buildCatalogIndex(JSON.parse(readFileSync(catalogUrl, 'utf8')) as CatalogProduct[]);
const pairs = (text: string, html?: string): string[] =>
  parseOrderLines({ text, ...(html === undefined ? {} : { html }) }, index).lines.map((l) => `${l.quantity} ${l.sku}`).sort();

describe('parseOrderLines: items run together without a separator', () => {
  it('starts a new item at a quantity between product words ("30 M10 bolts 30 M10 nuts")', () => {
    expect(pairs('30 M10 bolts 30 M10 nuts thanks')).toEqual(['30 BLT-M10-50', '30 NUT-M10']);
    expect(pairs('can you send 15 medium gloves 5 large gloves')).toEqual(['15 GLV-WRK-M', '5 GLV-WRK-L']);
  });

  it('keeps a pack count, a size and the name\'s own number inside their item', () => {
    expect(pairs('3 packs of 100 paper straws please')).toEqual(['300 STR-PAP-200']);
    expect(pairs('please send 8 brass hinges (75)')).toEqual(['8 HNG-BR-75']);
    expect(pairs('20 x labels 21 per sheet')).toEqual(['20 LBL-A4-21']);
  });
});

describe('parseOrderLines: sizes written in words, and a heading over "of each"', () => {
  it('reads "one metre", "two-metre" and "three inch" as sizes', () => {
    expect(pairs('please send 6 black usb c leads one metre')).toEqual(['6 CBL-USBC-1M-BLK']);
    expect(pairs('4 x two-metre hdmi please')).toEqual(['4 CBL-HDMI-2M']);
    expect(pairs('10 three inch brass hinges please')).toEqual(['10 HNG-BR-75']);
  });

  it('takes a first item that only the sizes after it settle as their heading ("hdmi leads, 2m and 5m, 3 of each")', () => {
    expect(pairs('hdmi leads, 2m and 5m, 3 of each please')).toEqual(['3 CBL-HDMI-2M', '3 CBL-HDMI-5M']);
    expect(pairs('black t-shirts, small, medium and large, 4 of each please')).toEqual(['4 TSH-L-BLK', '4 TSH-M-BLK', '4 TSH-S-BLK']);
    expect(parseOrderLines({ text: 'Black usb-c cables, 1m and 2m, 7 of each please' }, index).warnings).toEqual([]);
  });
});

describe('parseOrderLines: sentences about a past invoice or order', () => {
  it('reads nothing from a price rise on a past invoice or from "your recent order of"', () => {
    expect(pairs('The vanilla syrup went up from £6.90 to £7.50 on our last invoice (6 bottles). Is that right?')).toEqual([]);
    expect(pairs('Please review your recent order of 4 x Caramel Syrup 1L and 2 x Barista Apron Black.')).toEqual([]);
  });

  it('still orders "same as on our last order"', () => {
    expect(pairs('Please send 12 medium boxes, same as on our last order')).toEqual(['12 BOX-M']);
  });
});

describe('parseOrderLines: replies and forwards', () => {
  it('gives a bare quantity to the product after "how many" when the question names two', () => {
    const text = '250\n\nOn Tue, 1 Dec 2026 at 10:00, Sales <sales@supplies.example> wrote:\n> How many 12oz lids should we send with the kraft cups?\n';
    expect(pairs(text)).toEqual(['250 LID-12']);
  });

  it('orders a forwarded list the forwarder asks to "raise"', () => {
    const text = 'Can you raise this for us?\n\nAlex\n\n-----Original Message-----\nFrom: Site Team\nSent: 30 November 2026 08:00\nTo: Alex\nSubject: kit\n\n- 6 large work gloves\n- 4 orange vests L\n';
    expect(parseOrderLines({ subject: 'FW: kit', text }, index).lines.map((l) => `${l.quantity} ${l.sku}`).sort()).toEqual(['4 HVV-L-ORG', '6 GLV-WRK-L']);
  });
});

describe('parseOrderLines: a heading with brackets over a table of sizes', () => {
  it('completes size rows from "Order (white tees):"', () => {
    expect(pairs('Order (white tees):\nSize | Qty | Price\nM | 6 | £45.00\nL | 3 | £22.50\n')).toEqual(['3 TSH-L-WHT', '6 TSH-M-WHT']);
  });
});

describe('parseOrderLines: table columns that are sizes with a unit', () => {
  it('reads "| 2m | 5m" columns as sizes of each row\'s product', () => {
    expect(pairs('Cables:\n| 2m | 5m\nHDMI | 3 | 1\n')).toEqual(['1 CBL-HDMI-5M', '3 CBL-HDMI-2M']);
    expect(pairs('\t8oz\t12oz\nLids\t100\t\nWhite cups\t100\t200\n')).toEqual(['100 CUP-8-WHT', '100 LID-8', '200 CUP-12-WHT']);
  });
});

describe('parseOrderLines: answers written under quoted item lines', () => {
  const quoted = 'On Mon, 30 Nov 2026 at 08:00, Sales <sales@supplies.example> wrote:\n> Your regular order:\n> 500 x Napkin 33cm White\n';
  it('keeps, changes or drops each quoted item as the line under it says', () => {
    const text = `${quoted}fine\n> 300 x Paper Straw 200mm\n600 instead\n> 2 x Vanilla Syrup 1L\nnot needed\n`;
    expect(pairs(text)).toEqual(['500 NAP-33-WHT', '600 STR-PAP-200']);
  });

  it('does not read one acceptance under a quoted list as an answer to its last line', () => {
    expect(pairs(`${quoted}> 300 x Paper Straw 200mm\nok thanks\n`)).toEqual([]);
  });
});

describe('parseOrderLines: a reply that scales a quoted item', () => {
  it('doubles or halves the quoted quantity of the products it names ("repeat this but double the napkins")', () => {
    const quoted = '\n\nOn Mon, 30 Nov 2026 at 08:00, Cafe <cafe@example.com> wrote:\n> 400 white napkins\n> 300 paper straws\n';
    expect(pairs(`Please repeat this but double the napkins.${quoted}`)).toEqual(['300 STR-PAP-200', '800 NAP-33-WHT']);
    expect(pairs(`Same again please, but half the straws.${quoted}`)).toEqual(['150 STR-PAP-200', '400 NAP-33-WHT']);
  });
});

describe('parseOrderLines: items named first, counted after', () => {
  it('counts "50 of the boxes and 200 of the mailers" after "small boxes and small mailer bags"', () => {
    expect(pairs('We need small boxes and small mailer bags, 50 of the boxes and 200 of the mailers please')).toEqual(['200 BAG-MLR-S', '50 BOX-S']);
  });

  it('still joins a product named before its variant and count ("Paper cups, 12oz kraft: 400")', () => {
    expect(pairs('Paper cups, 12oz kraft: 400')).toEqual(['400 CUP-12-KFT']);
  });
});
