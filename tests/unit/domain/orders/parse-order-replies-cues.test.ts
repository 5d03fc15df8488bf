import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex, parseOrderLines, type CatalogProduct } from '../../../../shared/domain/orders/parse-order-lines.js';

// Replies that answer the quoted mail, pointers at quoted material inside complaints, and when a
// line is confident; on the independent corpus's catalog, with inputs written here, not taken from the corpus.
const catalogUrl = new URL('../../../fixtures/order-corpus/catalog.json', import.meta.url);
const index = buildCatalogIndex(JSON.parse(readFileSync(catalogUrl, 'utf8')) as CatalogProduct[]);
const read = (text: string) => parseOrderLines({ text }, index);
const pairs = (text: string): string[] => read(text).lines.map((l) => `${l.quantity} ${l.sku}`).sort();
const quoting = (question: string) => `On Mon, 30 Nov 2026 at 09:00, Sam <sam@example.com> wrote:\n> ${question}\n`;

describe('parseOrderLines: a reply answering the quoted mail', () => {
  it('takes "Yes please" as the offer the quoted question makes, with its quantity', () => {
    expect(pairs(`Yes please\n\n${quoting('Shall we send your usual 8 caramel syrup on Friday?')}`)).toEqual(['8 SYR-CAR-1L']);
  });

  it('orders nothing when the reply declines the offer', () => {
    expect(pairs(`Not this week thanks.\n\n${quoting('Shall we send your usual 8 caramel syrup on Friday?')}`)).toEqual([]);
    expect(pairs(`Yes, but not until January.\n\n${quoting('Shall we send your usual 8 caramel syrup on Friday?')}`)).toEqual([]);
  });

  it('takes only the question of the quoted line, not the shipment stated before it', () => {
    const text = `Yes please.\n\n${quoting('Your 300 small boxes left today. Would you like 300 small mailer bags as well?')}`;

    expect(pairs(text)).toEqual(['300 BAG-MLR-S']);
  });

  it('gives a bare quantity to the one product the quoted question names without one', () => {
    const line = read(`Two hundred please.\n\n${quoting('The brass hinges are back - how many do you want?')}`).lines[0];

    expect(line).toMatchObject({ sku: 'HNG-BR-75', quantity: 200 });
    expect(line?.confidence).toBeLessThan(1);
    expect(line?.warnings.join(' ')).toMatch(/quantity asked for/);
  });

  it('reads a bare quantity written right under the quoted question it answers', () => {
    const text = 'On Mon, 30 Nov 2026 at 09:00, Sam <sam@example.com> wrote:\n> How many M10 nuts?\n150\n> Anything else?\nno thanks\n';

    expect(pairs(text)).toEqual(['150 NUT-M10']);
  });

  it('settles the quoted question with the answer even when the reply also orders something new', () => {
    const text = `Kraft please, and 40 more 8oz lids.\n\n${quoting('Would you like the 500 12oz cups in white or kraft?')}`;

    expect(pairs(text)).toEqual(['40 LID-8', '500 CUP-12-KFT']);
  });
});

describe('parseOrderLines: "below" in a complaint or a question is no pointer at the quoted order', () => {
  it('orders nothing from a quoted order the customer reports a problem with', () => {
    const text = 'The order below came yesterday but 2 of the 12 vanilla syrups were leaking.\n\nOn Mon, 23 Nov 2026 at 09:00, Ana <ana@example.com> wrote:\n> 12 vanilla syrup\n> 6 caramel syrup\n';

    expect(pairs(text)).toEqual([]);
  });

  it('orders nothing from a quoted invoice the customer queries', () => {
    const text = 'The invoice below has 20 HDMI 5m leads but we only ordered 10?\n\nOn Fri, 27 Nov 2026 at 12:00, Sam <sam@example.com> wrote:\n> INV-1\n> 20 x HDMI Cable 5m\n';

    expect(pairs(text)).toEqual([]);
  });

  it('still reads the quoted order when "below" asks for it', () => {
    const text = 'Please send the order below again.\n\nOn Mon, 23 Nov 2026 at 09:00, Ana <ana@example.com> wrote:\n> 12 vanilla syrup\n';

    expect(pairs(text)).toEqual(['12 SYR-VAN-1L']);
  });
});

describe('parseOrderLines: a line is confident only when a request and a product both hold', () => {
  it('reads "3 of the 10 … don\'t charge" as a complaint, not an order', () => {
    const order = read('Hi Sam, 3 of the 10 HDMI 2m leads we got on Monday don\'t charge the screens. What now?\n');

    expect(order.lines).toEqual([]);
  });

  it('keeps a line from a long sentence that asks for nothing, below confidence 0.8 and with a warning', () => {
    const line = read('Hi Sam, the new site team starts on the 8th and between them they will be wearing 12 medium yellow vests on the first day.\n').lines[0];

    expect(line).toMatchObject({ sku: 'HVV-M-YEL', quantity: 12 });
    expect(line?.confidence).toBeLessThan(0.8);
    expect(line?.warnings.join(' ')).toMatch(/asks for nothing/);
  });

  it('keeps confidence at 0.8 or above for a request, a list item and a short line of items', () => {
    const lines = read('Could you send 12 medium yellow vests for the new site team starting on the 8th?\n\n- 4 M10 bolts\n\n20 hdmi 5m, 10 hdmi 2m\n').lines;

    expect(lines.map((l) => `${l.quantity} ${l.sku}`).sort()).toEqual(['10 CBL-HDMI-2M', '12 HVV-M-YEL', '20 CBL-HDMI-5M', '4 BLT-M10-50']);
    expect(lines.filter((l) => l.confidence < 0.8)).toEqual([]);
  });
});

describe('parseOrderLines: "both sizes" and "both colours" of a product family', () => {
  it('gives the quantity to each size when the names differ only by a spec size ("both cup sizes")', () => {
    expect(pairs('Please send lids for both cup sizes, 300 each.\n')).toEqual(['300 LID-12', '300 LID-8']);
  });

  it('gives the quantity to each size when "each size" follows the item', () => {
    expect(pairs('Need 2 black tees in each size\n')).toEqual(['2 TSH-L-BLK', '2 TSH-M-BLK', '2 TSH-S-BLK']);
    expect(pairs('Black tees: 4 of each size please\n')).toEqual(['4 TSH-L-BLK', '4 TSH-M-BLK', '4 TSH-S-BLK']);
  });

  it('gives the quantity to each colour ("both colours of the 2m usb-c cable")', () => {
    expect(pairs('Could we have both colours of the 2m usb-c cable, 5 each?\n')).toEqual(['5 CBL-USBC-2M-BLK', '5 CBL-USBC-2M-WHT']);
  });
});

describe('parseOrderLines: runs of size or colour and count pairs', () => {
  it.each([
    ['mailer bags small 200 large 100', ['100 BAG-MLR-L', '200 BAG-MLR-S']],
    ['white tees, medium 6 large 6', ['6 TSH-L-WHT', '6 TSH-M-WHT']],
    ['Tees (black): S-10 M-10 L-5', ['10 TSH-M-BLK', '10 TSH-S-BLK', '5 TSH-L-BLK']],
    ['gloves please - 6 medium 6 large', ['6 GLV-WRK-L', '6 GLV-WRK-M']],
  ])('reads "%s" as one item per pair', (text, want) => {
    expect(pairs(`${text}\n`)).toEqual(want);
  });

  it('leaves specs and a single pair alone', () => {
    expect(pairs('Hex bolts M8 x 50mm 200, M10 x 50mm 100\n')).toEqual(['100 BLT-M10-50', '200 BLT-M8-50']);
    expect(pairs('Large 20 boxes please\n')).toEqual(['20 BOX-L']);
  });
});

describe('parseOrderLines: replies that accept, withdraw or add to the quoted mail', () => {
  it('takes "Yes please, and add …" as the offer plus the new item', () => {
    const text = `Yes please, and add 2 caramel syrup\n\n${quoting('Shall I send the usual 4 vanilla syrup?')}`;

    expect(pairs(text)).toEqual(['2 SYR-CAR-1L', '4 SYR-VAN-1L']);
  });

  it('takes "Go for it." as accepting the offer', () => {
    expect(pairs(`Go for it.\n\n${quoting("Want me to put 500 napkins on Friday's van?")}`)).toEqual(['500 NAP-33-WHT']);
  });

  it('orders only the new item added "to the order below"', () => {
    const text = 'Thanks Sam. Can you add 6 M8 nuts to the order below?\n\nOn Mon, 30 Nov 2026 at 09:00, Bob <bob@example.com> wrote:\n> 6 M8 bolts\n';

    expect(pairs(text)).toEqual(['6 NUT-M8']);
  });

  it('drops the quoted order the customer withdraws, and reads "instead: 10 …" as 10', () => {
    const text = 'Sorry, please ignore my last email and send this instead: 10 large boxes\n\nOn Mon, 30 Nov 2026 at 09:00, Bob <bob@example.com> wrote:\n> 10 medium boxes\n';

    expect(pairs(text)).toEqual(['10 BOX-L']);
  });
});

describe('parseOrderLines: "same again, plus 2 more" adds to the quoted quantity', () => {
  it('adds "2 more decaf" to the quoted 2 decaf, and "another 300 …, same as before" repeats the quoted 300', () => {
    const more = 'Same again please, plus 2 more decaf.\n\nOn Mon, 23 Nov 2026 at 09:00, Tom <tom@example.com> wrote:\n> 4 house blend\n> 2 decaf\n';
    const another = 'Another 300 of the large mailers please, same as before.\n\nOn Mon, 23 Nov 2026 at 09:00, Tom <tom@example.com> wrote:\n> 300 large mailers\n';

    expect(pairs(more)).toEqual(['4 CFE-DEC-1KG', '4 CFE-ESP-1KG']);
    expect(pairs(another)).toEqual(['300 BAG-MLR-L']);
  });
});
