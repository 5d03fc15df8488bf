import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex, parseOrderLines, type CatalogProduct } from '../../../../shared/domain/orders/parse-order-lines.js';

const catalogUrl = new URL('../../../fixtures/order-emails/catalog.json', import.meta.url);
const index = buildCatalogIndex(JSON.parse(readFileSync(catalogUrl, 'utf8')) as CatalogProduct[]);
const read = (text: string, subject?: string) => parseOrderLines({ text, ...(subject === undefined ? {} : { subject }) }, index);
const pairs = (text: string): string[] => read(text).lines.map((l) => `${l.quantity} ${l.sku}`);

describe('parseOrderLines: quantity and name layouts', () => {
  it.each([
    ['5 Large Black Widgets', ['5 WID-LB-001']],
    ['3 x Gadget Pro', ['3 GAD-PRO']],
    ['Gadget Pro x 3', ['3 GAD-PRO']],
    ['3x Gadget Pro', ['3 GAD-PRO']],
    ['Gadget Pro x3', ['3 GAD-PRO']],
    ['3 × Gadget Pro', ['3 GAD-PRO']],
    ['Gadget Pro qty 8', ['8 GAD-PRO']],
    ['Qty 8 Gadget Pro', ['8 GAD-PRO']],
    ['Qty: 4 / Item: Gadget Pro', ['4 GAD-PRO']],
    ['Item: Gadget Pro, Qty: 4', ['4 GAD-PRO']],
    ['Quantity: 2\nProduct: Gadget Mini', ['2 GAD-MINI']],
    ['Product: Gadget Mini\nQuantity: 2', ['2 GAD-MINI']],
    ['Gadget Pro ....... 4', ['4 GAD-PRO']],
    ['Gadget Pro (2)', ['2 GAD-PRO']],
    ['M10 Bolt 40 pcs', ['40 BLT-M10']],
    ['WID-LB-001 x 2', ['2 WID-LB-001']],
    ['wid-lb-001 x 2', ['2 WID-LB-001']],
  ])('reads %j', (text, expected) => {
    expect(pairs(text)).toEqual(expected);
  });

  it('reads a pipe table by its header, ignoring price columns', () => {
    const text = 'Item | Unit price | Quantity | Total\n---|---|---|---\nSteel Sprocket | 32.00 | 6 | 192.00\nBrass Gear 20T | 21.00 | 8 | 168.00';
    expect(pairs(text)).toEqual(['6 SPR-100', '8 GEAR-20T']);
  });

  it('reads an HTML table through the built-in converter', () => {
    const html = '<table><tr><th>Product</th><th>Qty</th></tr><tr><td>Gadget&nbsp;Pro</td><td>2</td></tr><tr><td>3m Tape</td><td>7</td></tr></table>';
    expect(parseOrderLines({ html }, index).lines.map((l) => `${l.quantity} ${l.sku}`)).toEqual(['2 GAD-PRO', '7 TAPE-3M']);
  });

  it('does not take list numbers for quantities', () => {
    expect(pairs('1. 4 Small Red Widgets\n2) 6 Small Black Widgets\n3. Desk Lamp x 2')).toEqual(['4 WID-SR-001', '6 WID-SB-001', '2 LMP-DESK']);
  });

  it('reads bullet lists', () => {
    expect(pairs('- 20 M8 bolts\n* 1 Steel Toolbox\n• 3 Desk Lamps')).toEqual(['20 BLT-M8', '1 TBX-STEEL', '3 LMP-DESK']);
  });
});

describe('parseOrderLines: numbers', () => {
  it.each([
    ['twelve 2m cables', ['12 CBL-2M']],
    ['twenty-five M8 bolts', ['25 BLT-M8']],
    ['a dozen 3m tapes', ['12 TAPE-3M']],
    ['two dozen M8 washers', ['24 WSH-M8']],
    ['half a dozen LED bulbs', ['6 BLB-LED9']],
    ['a couple of desk lamps', ['2 LMP-DESK']],
    ['a pair of cordless drills', ['2 DRL-CORDLESS']],
    ['1,000 M8 bolts', ['1000 BLT-M8']],
    ['1.000 M8 bolts', ['1000 BLT-M8']],
  ])('reads %j', (text, expected) => {
    expect(pairs(text)).toEqual(expected);
  });

  it('lowers confidence for number words', () => {
    expect(read('twelve 2m cables').lines[0]?.confidence).toBeLessThan(1);
    expect(read('12 2m cables').lines[0]?.confidence).toBe(1);
  });

  it('does not read "a" alone as one', () => {
    expect(read('Please send a Gadget Pro').lines).toEqual([]);
  });

  it('warns on vague, fractional, zero and huge quantities instead of guessing', () => {
    for (const text of ['a few Gadget Pro please', '2.5 Gadget Pro', '0 Gadget Pro', '20000 Gadget Pro']) {
      const result = read(text);
      expect(result.lines, text).toEqual([]);
      expect(result.warnings.length, text).toBeGreaterThan(0);
    }
  });
});

describe('parseOrderLines: product names', () => {
  it('matches plurals and any case', () => {
    expect(pairs('8 SMALL BLACK WIDGETS and 3 steel toolboxes')).toEqual(['8 WID-SB-001', '3 TBX-STEEL']);
  });

  it('keeps numbers inside product names out of quantities', () => {
    expect(pairs('50 M8 Bolts, 10 4x6 Frames, 3 2m Cables and 6 3m Tapes')).toEqual(['50 BLT-M8', '10 FRM-4X6', '3 CBL-2M', '6 TAPE-3M']);
    expect(pairs('M8 Bolt x 100\n4x6 Frame x 4')).toEqual(['100 BLT-M8', '4 FRM-4X6']);
  });

  it('corrects a one-edit typo in a long word, with a warning and lower confidence', () => {
    const [line] = read('2 Gadjet Pro').lines;
    expect(line).toMatchObject({ sku: 'GAD-PRO', quantity: 2 });
    expect(line?.confidence).toBeLessThan(1);
    expect(line?.warnings.join()).toContain('Gadjet');
  });

  it('does not correct short words', () => {
    expect(read('4 Desk Lamq').lines).toEqual([]);
  });

  it('gives a warning and no line for an ambiguous mention', () => {
    const result = read('please send 5 widgets');
    expect(result.lines).toEqual([]);
    expect(result.warnings.join()).toContain('5 widgets');
  });

  it('gives a warning and no line for an unknown product', () => {
    const result = read('- 3 x Flux Capacitor');
    expect(result.lines).toEqual([]);
    expect(result.warnings.join()).toContain('Flux Capacitor');
  });

  it('accepts a partial name that fits one product, with lower confidence', () => {
    const [line] = read('2 sprockets please').lines;
    expect(line).toMatchObject({ sku: 'SPR-100', quantity: 2 });
  });

  it('refuses inactive products with a warning', () => {
    const result = read('4 Classic Gizmos');
    expect(result.lines).toEqual([]);
    expect(result.warnings.join()).toContain('no longer active');
  });
});

describe('parseOrderLines: the same product twice', () => {
  it('adds quantities when the later mention says "more"', () => {
    expect(pairs('5 Large Red Widgets for the shop.\nAnd also 2 more Large Red Widgets for the warehouse.')).toEqual(['7 WID-LR-001']);
  });

  it('counts a restatement with the same quantity once, with a warning', () => {
    const result = read('Please send 4 Gadget Pro.\nTo confirm: 4 Gadget Pro.');
    expect(result.lines.map((l) => l.quantity)).toEqual([4]);
    expect(result.lines[0]?.warnings.length).toBeGreaterThan(0);
  });

  it('adds different quantities of a list with a warning and lower confidence', () => {
    const [line] = read('- 2 Desk Lamps\n- 1 Desk Lamp').lines;
    expect(line?.quantity).toBe(3);
    expect(line?.confidence).toBeLessThan(1);
    expect(line?.warnings.join()).toContain('2 + 1');
  });
});

describe('parseOrderLines: what is not an order', () => {
  it('ignores quoted replies and forwarded-reply headers', () => {
    expect(read('Thanks!\n\nOn Mon, 4 Mar 2024 at 10:00, Jane <j@x.example> wrote:\n> 5 Gadget Pro').lines).toEqual([]);
    expect(read('ok\n> 5 Gadget Pro').lines).toEqual([]);
    expect(read('ok\n-----Original Message-----\n5 Gadget Pro').lines).toEqual([]);
    expect(read('ok\nFrom: Shop <s@x.example>\nSent: Monday\nSubject: x\n\n5 Gadget Pro').lines).toEqual([]);
  });

  it('ignores signatures, phone numbers and street addresses', () => {
    expect(pairs('2 Cordless Drills please.\n-- \nJohn\nTel: +1 (555) 123-4567\n221 Baker Street')).toEqual(['2 DRL-CORDLESS']);
    expect(pairs('3 Ladders please.\n\nBest regards,\nKaren\n12 Gadget Pro Street')).toEqual(['3 LDR-ALU-3']);
    expect(pairs('Call 07700 900123 about the 4 Gadget Pro')).toEqual(['4 GAD-PRO']);
  });

  it('ignores dates and order, invoice and PO numbers', () => {
    expect(pairs('Deliver 6 Small Red Widgets on 5 March and 2 Gadget Mini on 2024-03-12')).toEqual(['6 WID-SR-001', '2 GAD-MINI']);
    expect(pairs('PO 4411\nGadget Pro')).toEqual([]);
    expect(pairs('invoice #123 Gadget Pro')).toEqual([]);
    expect(pairs('order no. 5 Gadget Pro')).toEqual([]);
    expect(pairs('Please order 5 Gadget Pro')).toEqual(['5 GAD-PRO']);
  });

  it('yields no lines for questions, complaints and newsletters', () => {
    expect(read('Do you have the Gadget Pro in stock?').lines).toEqual([]);
    expect(read('We received 5 Gadget Pro but 2 are damaged.').lines).toEqual([]);
    expect(read('Buy 3 Gadget Pro and save!\nUnsubscribe').lines).toEqual([]);
  });

  it('reads the subject only when the body has nothing and the mail is not a reply', () => {
    expect(read('see subject', 'Order: 3 x Gadget Pro').lines.map((l) => l.quantity)).toEqual([3]);
    expect(read('thanks', 'Re: 3 x Gadget Pro').lines).toEqual([]);
  });

  it('reports the matched text as source, with offsets into the body it read', () => {
    const text = 'Hi,\r\nplease send 5 Large Black Widgets today';
    const result = read(text);

    expect(result.lines[0]?.source).toEqual({ text: '5 Large Black Widgets', start: 16, end: 37 });
    expect(result.body.text.slice(16, 37)).toBe('5 Large Black Widgets');
  });
});

describe('parseOrderLines: Nordic orders, dispatch notices and left-out items', () => {
  it('reads Nordic colours and "og"/"och" joining items with "st"/"stk" counts', () => {
    expect(pairs('Hej, vi vil gerne bestille 3 stk Large Svart Widget og 6 stk Gadget Pro.')).toEqual(['3 WID-LB-001', '6 GAD-PRO']);
    expect(pairs('Vi skulle vilja beställa 4 st Small Svart Widget och 2 st Gadget Mini')).toEqual(['4 WID-SB-001', '2 GAD-MINI']);
  });

  it('reads nothing from a shop telling that the items are on the way', () => {
    const text = 'Your items are on the way!\nItem | Qty\nGadget Pro | 2\nM8 Bolt | 10\nTrack your parcel: JD123456789GB';

    expect(read(text).lines).toEqual([]);
  });

  it('reads nothing from an invoice in Swedish or German', () => {
    expect(read('Faktura 2026-1187\nLarge Svart Widget 20 st 89,00\nAtt betala: 1 780,00 SEK').lines).toEqual([]);
    expect(read('Rechnungsnummer 4471\n10 Stück Gadget Pro 12,50 €\nZahlbar bis 30.12.2026').lines).toEqual([]);
  });

  it('leaves out what the customer drops from the order they point at', () => {
    const text = 'Same as last time please but drop the washers.\n\nOn 2 Nov 2026, at 08:12, Sam <sam@example.com> wrote:\n> Could I get 10 M8 bolts, 10 M8 washers and 2 gadget pro please';

    expect(pairs(text)).toEqual(['10 BLT-M8', '2 GAD-PRO']);
  });

  it('does not read a company registration number as a quantity', () => {
    expect(read('Please send 5 Gadget Pro\n\nKaffebaren AB\nOrg.nr 556677-8899').warnings).toEqual([]);
  });
});

describe('parseOrderLines: packs of a number', () => {
  it('multiplies packs of a number of pieces into pieces, and says so', () => {
    const order = read('Please send 2 packs of 50 M8 bolts');

    expect(order.lines.map((l) => `${l.quantity} ${l.sku}`)).toEqual(['100 BLT-M8']);
    expect(order.lines[0]?.confidence).toBeLessThan(1);
    expect(order.lines[0]?.warnings.join()).toContain('2 packs of 50');
  });

  it('counts the boxes when the product is sold by the box', () => {
    expect(pairs('Please send 3 boxes of 100 nitrile gloves')).toEqual(['3 GLV-NIT']);
  });
});

describe('parseOrderLines: the company a line names', () => {
  it('keeps a quantity after the word "company" when no number label follows', () => {
    expect(pairs('For the company 20 Gadget Pro please')).toEqual(['20 GAD-PRO']);
  });
});

describe('parseOrderLines: a quantity corrected in the same line', () => {
  it('takes "actually make that 45" as the new quantity of the item before it, and says so', () => {
    const order = read('Please send 40 Gadget Pro. Actually make that 45, thanks.');

    expect(order.lines.map((l) => `${l.quantity} ${l.sku}`)).toEqual(['45 GAD-PRO']);
    expect(order.lines[0]?.confidence).toBeLessThan(1);
  });

  it('adds nothing when "make it" follows no item', () => {
    expect(pairs('Make it 45 please')).toEqual([]);
  });
});

describe('parseOrderLines: day/month dates without a year', () => {
  it('does not read "needed by 04/12" as a second quantity', () => {
    expect(pairs('200 x M8 Bolt — needed by 04/12')).toEqual(['200 BLT-M8']);
  });
});

describe('parseOrderLines: "N boxes each of A, B and C"', () => {
  it('gives every item the quantity, as "N each of" does', () => {
    expect(pairs('Please send 10 boxes each of large black, large red and small red widgets').sort())
      .toEqual(['10 WID-LB-001', '10 WID-LR-001', '10 WID-SR-001']);
  });
});
