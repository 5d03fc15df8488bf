import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex, parseOrderLines, type CatalogProduct } from '../../../../shared/domain/orders/parse-order-lines.js';

// Multipart mail whose parts disagree, quoted and forwarded material, and variant tables, on the
// independent corpus's catalog; the inputs are written here, not taken from the corpus.
const catalogUrl = new URL('../../../fixtures/order-corpus/catalog.json', import.meta.url);
const index = buildCatalogIndex(JSON.parse(readFileSync(catalogUrl, 'utf8')) as CatalogProduct[]);
const read = (input: { text: string; html?: string; subject?: string }) => parseOrderLines(input, index);
const pairs = (input: { text: string; html?: string; subject?: string }): string[] =>
  read(input).lines.map((l) => `${l.quantity} ${l.sku}`).sort();

describe('parseOrderLines: a text part that is not the mail the customer saw', () => {
  it('reads the HTML when the text part is a stub and the HTML a list without a table', () => {
    const input = { text: 'Order below, best viewed in HTML.\n', html: '<p>Order:</p><ul><li>3 x caramel syrup</li><li>40 small boxes</li></ul>' };

    expect(read(input).body.from).toBe('html');
    expect(pairs(input)).toEqual(['3 SYR-CAR-1L', '40 BOX-S']);
  });

  it('reads the HTML when the text part only summarises it ("2 lines, about £40")', () => {
    const html = '<p>2 lines, about £40:</p><p>M10 nuts: 300<br>M10 bolts: 150</p>';

    expect(pairs({ text: '2 lines, about £40 - see table.\n', html })).toEqual(['150 BLT-M10-50', '300 NUT-M10']);
  });

  it('keeps the text part when it carries every number of the HTML', () => {
    const input = { text: 'Please send 12 vanilla syrup.\n', html: '<div>Please send 12 vanilla syrup.</div><div>Thanks</div>' };

    expect(read(input).body.from).toBe('text');
    expect(pairs(input)).toEqual(['12 SYR-VAN-1L']);
  });
});

describe('parseOrderLines: the customer writing below or between quoted lines', () => {
  it('reads a new order written below the quote and leaves the quoted shipment alone', () => {
    const text = 'On Mon, 30 Nov 2026 at 09:00, Sam <sam@example.com> wrote:\n> Your 30 HDMI 5m leads went out today.\n\nThanks. Now 4 extension leads please.\n';

    expect(pairs({ text })).toEqual(['4 EXT-4G-2M']);
  });

  it('takes "80 not 50" as 80 in a change to the quoted order it keeps ("rest as is")', () => {
    const text = 'Make the large boxes 80 not 50, rest as is.\n\n> 50 large boxes\n> 20 brown tape\n';

    expect(pairs({ text })).toEqual(['20 TAPE-48-BRN', '80 BOX-L']);
  });

  it('completes "the 12 in white" from a quoted statement, not only a quoted question', () => {
    const text = 'OK, the 12 in white then.\n\n> Sorry, the 2m USB-C cables in black are sold out; white are in stock.\n';

    expect(pairs({ text })).toEqual(['12 CBL-USBC-2M-WHT']);
  });

  it('changes the quantity of a quoted item the customer names only in part ("make the vests 15")', () => {
    const text = 'Same again but make the vests 15.\n\n> 10 yellow vests medium\n> 5 brown tape\n';

    expect(pairs({ text })).toEqual(['15 HVV-M-YEL', '5 TAPE-48-BRN']);
  });

  it('reads an answer written right under the quoted question it answers, between quoted lines', () => {
    const text = 'See below.\n\nOn Mon, 30 Nov 2026 at 09:00, Sam <sam@example.com> wrote:\n> Which cups, 8oz or 12oz, for the 400?\n12oz, kraft\n> Anything else?\nyes, 400 napkins\n';

    expect(pairs({ text })).toEqual(['400 CUP-12-KFT', '400 NAP-33-WHT']);
  });

  it('does not let the options of a quoted question ("8oz or 12oz") settle an item', () => {
    const text = 'Yes, 300 lids\n\nOn Mon, 30 Nov 2026 at 09:00, Sam <sam@example.com> wrote:\n> 8oz or 12oz lids for the cups?\n';

    expect(pairs({ text })).toEqual([]);
  });
});

describe('parseOrderLines: forwarded orders', () => {
  const forwarded = '\n\n---------- Forwarded message ---------\nFrom: Kitchen <kitchen@example.com>\nDate: Mon, 30 Nov 2026 at 07:00\nSubject: stock\nTo: Boss <boss@example.com>\n\n6 caramel syrup and 2 black aprons\n';

  it('reads the forwarded order when the forwarder asks to "sort this" and orders nothing of their own', () => {
    expect(pairs({ text: `Can you sort this for Friday?${forwarded}`, subject: 'Fwd: stock' })).toEqual(['2 APR-BAR-BLK', '6 SYR-CAR-1L']);
  });

  it('reads nothing when the forwarder only asks to look into it', () => {
    expect(pairs({ text: `Can you look into this for me?${forwarded}`, subject: 'Fwd: stock' })).toEqual([]);
  });

  it('reads nothing of a quoted reply whose writer asks to "send this" somewhere', () => {
    const text = 'Can you send this to our accounts team?\n\nOn Mon, 30 Nov 2026 at 09:00, Sam <sam@example.com> wrote:\n> We have your order for 6 caramel syrup.\n';

    expect(pairs({ text, subject: 'Re: your order' })).toEqual([]);
  });

  it('reads a forward Apple Mail quotes as a whole under "Begin forwarded message:"', () => {
    const html = '<div>Please process this one.</div><div>Begin forwarded message:</div><blockquote type="cite"><div><b>From:</b> Site &lt;site@example.com&gt;<br><b>Subject:</b> fixings</div><div>200 M8 nuts</div></blockquote>';

    expect(pairs({ text: '', html, subject: 'Fwd: fixings' })).toEqual(['200 NUT-M8']);
  });
});

describe('parseOrderLines: a note that goods were received', () => {
  it('orders nothing from a list the customer says they received', () => {
    expect(pairs({ text: 'Hi, we received everything below, thanks!\n\n40 shelf brackets 300mm\n500 wood screws 5x60\n' })).toEqual([]);
  });
});

describe('parseOrderLines: variant tables', () => {
  it('keeps an empty cell of a space-aligned table in its column', () => {
    const text = 'Item        Colour   Size  Qty\nHi-vis vest Orange   L     3\nWork gloves          M     9\n';

    expect(pairs({ text })).toEqual(['3 HVV-L-ORG', '9 GLV-WRK-M']);
  });

  it('reads a plain-text size grid of counts under the product line it counts', () => {
    expect(pairs({ text: 'White tees\n  M   L\n  7   9\n' })).toEqual(['7 TSH-M-WHT', '9 TSH-L-WHT']);
  });

  it('reads a grid whose rows are sizes and whose columns are products', () => {
    const html = '<table><tr><th>Size</th><th>Black tee</th><th>White tee</th></tr><tr><td>M</td><td>4</td><td>-</td></tr><tr><td>L</td><td>5</td><td>6</td></tr></table>';

    expect(pairs({ text: '', html })).toEqual(['4 TSH-M-BLK', '5 TSH-L-BLK', '6 TSH-L-WHT']);
  });

  it('keeps a header of a colour, a size and a count column as columns, not a grid', () => {
    expect(pairs({ text: 'Colour\tSize\tNo.\nYellow\tM\t5\nOrange\tL\t2\n' })).toEqual(['2 HVV-L-ORG', '5 HVV-M-YEL']);
  });
});
