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

describe('parseOrderLines: quantities said another way', () => {
  it('reads "same number" without "the" as the quantity before it', () => {
    expect(pairs('Could you send 2,000 8oz white cups and the matching lids, same number please.'))
      .toEqual(['2000 CUP-8-WHT', '2000 LID-8']);
  });

  it('reads a quantity after the product followed by "rather than"', () => {
    const text = "Let's go ahead but make the vanilla eight rather than five.\n\nOn Wed, 25 Nov 2026 at 08:30, Sam <sam@example.com> wrote:\n> 5 x Vanilla Syrup 1L\n> 3 x Caramel Syrup 1L\n";

    expect(pairs(text)).toEqual(['3 SYR-CAR-1L', '8 SYR-VAN-1L']);
  });
});

describe('parseOrderLines: a reply completed by the question it answers', () => {
  it('completes "40 of the white ones" from the quoted question\'s words', () => {
    const text = 'Yes, 40 of the white ones please\n\nOn Thu, 26 Nov 2026 at 15:40, Sam <sam@example.com> wrote:\n> For the 8oz cups, do you want white or kraft?\n';
    const order = parseOrderLines({ text }, index);

    expect(order.lines.map((l) => `${l.quantity} ${l.sku}`)).toEqual(['40 CUP-8-WHT']);
    expect(order.lines[0]?.confidence).toBeLessThan(1);
  });
});

describe('parseOrderLines: tab tables as mail clients write them', () => {
  it('keeps the rows of a tab table across blank lines between them', () => {
    expect(pairs('Hi-vis vests:\n\nColour\tM\tL\n\nYellow\t20\t30\n\nOrange\t-\t10\n\nThanks\n')).toEqual(['10 HVV-L-ORG', '20 HVV-M-YEL', '30 HVV-L-YEL']);
  });

  it('keeps an empty cell between two tabs in its column', () => {
    expect(pairs('Item\tColour\tSize\tQty\nHi vis vest\tOrange\tL\t10\nWork gloves\t\tM\t15\n')).toEqual(['10 HVV-L-ORG', '15 GLV-WRK-M']);
  });
});

describe('parseOrderLines: mail written without capitals or spaces', () => {
  it('ends a sentence at a full stop before a lower-case word, so a past order does not hide the request', () => {
    expect(pairs('the last lot arrived fine. can you send 12 bags of house blend please')).toEqual(['12 CFE-ESP-1KG']);
  });

  it('splits items at a comma without a space after it, keeping "1,000" whole', () => {
    expect(pairs('order: 3x tsh-s-blk,3x tsh-m-blk,1,000 paper straws')).toEqual(['1000 STR-PAP-200', '3 TSH-M-BLK', '3 TSH-S-BLK']);
  });
});

describe('parseOrderLines: a list under a question, a past order or a complaint', () => {
  it.each([
    'Could you quote for the following?\n- 200 x 8oz white cups\n- 200 x 8oz lids\n',
    'Hi Sam,\n\nThese were missing from the delivery:\n20 x medium boxes\n5 x brown tape\n\nJo\n',
    'Do you have these in stock?\n\n- 10 x black aprons\n- 6 x vanilla syrup\n',
  ])('orders nothing from %j, and says why', (text) => {
    const order = parseOrderLines({ text }, index);

    expect(order.lines).toEqual([]);
    expect(order.warnings.join(' ')).toContain('is listed under');
  });

  it('reads the request that follows such a list, and lists under a request', () => {
    expect(pairs('Please quote for the following:\n\n- 10 x masking tape\n\nAnd please send 4 black aprons now.')).toEqual(['4 APR-BAR-BLK']);
    expect(pairs('We need the following:\n- 10 x masking tape\n- 4 black aprons\n')).toEqual(['10 TAPE-25-MSK', '4 APR-BAR-BLK']);
  });

  it('keeps a list the customer points at in quoted material, even under "Quote for …:"', () => {
    const text = "Go ahead please.\n\nOn Wed, 25 Nov 2026 at 08:30, Sam <sam@example.com> wrote:\n> Quote for Ruth's Kitchen:\n> 4 x Vanilla Syrup 1L\n";

    expect(pairs(text)).toEqual(['4 SYR-VAN-1L']);
  });
});

describe('parseOrderLines: the part an HTML-only mail was read from', () => {
  it('says "html" when the stored text is the HTML table\'s own conversion', () => {
    const html = '<p>Hi,</p><table><tr><th>Item</th><th>Qty</th></tr><tr><td>Masking tape</td><td>12</td></tr></table>';
    const order = parseOrderLines({ text: 'Hi,\nItem | Qty\nMasking tape | 12\n', html }, index);

    expect(order.body.from).toBe('html');
    expect(order.lines.map((l) => `${l.quantity} ${l.sku}`)).toEqual(['12 TAPE-25-MSK']);
  });
});

describe('parseOrderLines: sentences that name products and quantities but order nothing', () => {
  it.each([
    "I'll order 20 medium boxes next week.",
    'Will send the order for 20 medium boxes on Monday.',
    'Happy to take 20 medium boxes if you can do £0.50 each?',
    'How long would 300 small mailer bags take to arrive?',
    'Just wondering whether 50 hi-vis vests large yellow would be cheaper by the box.',
    'Is there a discount on 1,000 paper straws?',
    'Not ordering yet - just budgeting for 40 medium boxes in January.',
    'Price check please: 10 x HDMI Cable 5m',
    'Your order of 20 medium boxes is ready for collection.',
  ])('reads no line from %j', (text) => {
    expect(pairs(text)).toEqual([]);
  });
});

describe('parseOrderLines: the trade\'s "6no."', () => {
  it('reads "6no." as a count, as "6pcs" is', () => {
    expect(pairs('Please supply 6no. 300mm shelf brackets')).toEqual(['6 BRK-SH-300']);
  });
});

describe('parseOrderLines: a spaced dash between items', () => {
  it('splits "48 rolls of tape - 24 clear, 24 brown" into the items after the dash', () => {
    expect(pairs('We need 48 rolls of tape - 24 clear, 24 brown')).toEqual(['24 TAPE-48-BRN', '24 TAPE-48-CLR']);
  });
});

describe('parseOrderLines: "N of each size/colour of" a product family', () => {
  it('orders N of every size when the products differ only in size, with a warning', () => {
    const order = parseOrderLines({ text: 'We need 5 of each size of the black t-shirt' }, index);

    expect(order.lines.map((l) => `${l.quantity} ${l.sku}`).sort()).toEqual(['5 TSH-L-BLK', '5 TSH-M-BLK', '5 TSH-S-BLK']);
    expect(order.lines.every((l) => l.confidence < 1 && l.warnings.length > 0)).toBe(true);
  });

  it('warns instead when the products differ in more than that', () => {
    expect(pairs('5 of each size of the t-shirt please')).toEqual([]);
  });
});

describe('parseOrderLines: packs written after the product', () => {
  it('reads "paper straws: 2 boxes of 500" as 1,000 straws, with a warning', () => {
    const order = parseOrderLines({ text: 'paper straws: 2 boxes of 500' }, index);

    expect(order.lines.map((l) => `${l.quantity} ${l.sku}`)).toEqual(['1000 STR-PAP-200']);
    expect(order.lines[0]?.confidence).toBeLessThan(1);
  });
});
