import { describe, expect, it } from 'vitest';
import { editDistance } from '../../../../shared/domain/orders/fuzzy-match.js';
import { decodeEntities, htmlToText } from '../../../../shared/domain/mail/html-to-text.js';
import { ownLines, splitBody } from '../../../../shared/domain/mail/mail-body.js';
import { maskNoise } from '../../../../shared/domain/orders/mask-noise.js';

const noSku = (): boolean => false;

describe('htmlToText', () => {
  it('joins table cells with " | " and rows with newlines', () => {
    expect(htmlToText('<table><tr><td>A</td><td>1</td></tr><tr><td>B</td><td>2</td></tr></table>')).toBe('A | 1\nB | 2');
  });

  it('keeps the paragraphs of a row\'s cells on the row, as Outlook wraps every cell in a <p>', () => {
    const html = '<table><tr><td><p class=MsoNormal><b>Product</b></p></td><td><p class=MsoNormal>Qty</p></td></tr>'
      + '<tr><td><p>Rigger gloves L</p></td><td><p>50<br>pairs</p></td></tr></table>';

    expect(htmlToText(html)).toBe('Product | Qty\nRigger gloves L | 50 pairs');
  });

  it('keeps the paragraphs and nested table of a one-cell layout row on lines of their own', () => {
    const html = '<table width=600><tr><td><p>Hello,</p><p>our order:</p>'
      + '<table><tr><td><p>A</p></td><td><p>1</p></td></tr></table><p>Thanks</p></td></tr></table>';

    expect(htmlToText(html)).toBe('Hello,\nour order:\nA | 1\nThanks');
  });

  it('drops scripts, styles and comments with their content', () => {
    const html = '<style>p{}</style><p>keep</p><!-- 5 x Gadget --><script>x()</script><p>end</p>';
    expect(htmlToText(html)).toBe('keep\nend');
  });

  it('reads an indented <blockquote> without a cite or border as ordinary text', () => {
    const html = '<p>the usual:</p><blockquote style="margin:0 0 0 40px;border:none">200 x 8oz cups</blockquote><blockquote type="cite">old</blockquote>';
    expect(htmlToText(html)).toBe('the usual:\n200 x 8oz cups\n> old');
  });

  it('keeps quoted blocks as "> " lines, one mark per level, as plain-text mail quotes them', () => {
    const html = '<p>new</p><blockquote type="cite"><blockquote style="border-left:1px solid #ccc">a</blockquote>b<ul><li>c</li></ul></blockquote><div class="gmail_quote">old<div>x</div></div><p>end</p>';
    expect(htmlToText(html)).toBe('new\n> > a\n> b\n> - c\n> old\n> x\nend');
  });

  it('decodes named and numeric entities, refusing invalid code points', () => {
    expect(decodeEntities('&amp;&lt;&#215;&#x263A;&#xD800;&bogus;')).toBe('&<×☺\uFFFD&bogus;');
  });

  it('stays fast on unclosed tags and comments', () => {
    const start = performance.now();
    htmlToText('<a '.repeat(100_000) + '<!--'.repeat(100_000));
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});

describe('ownLines', () => {
  it('stops at quotes, original-message markers and signatures', () => {
    expect(ownLines('a\nOn Mon, Jane wrote:\nb')).toEqual(['a']);
    expect(ownLines('a\nOn Mon, 4 Mar 2024, Jane <j@x.example>\nwrote:\nb')).toEqual(['a']);
    expect(ownLines('a\n-- \nsig')).toEqual(['a']);
    expect(ownLines('a\nBest regards,\nJohn Smith')).toEqual(['a']);
    expect(ownLines('Thanks, please send 5 Gadget Pro')).toEqual(['Thanks, please send 5 Gadget Pro']);
  });

  it('puts a forwarded body, without its header lines, apart from the own lines', () => {
    const split = splitBody('fyi\n---------- Forwarded message ---------\nFrom: x\nSubject: y\n\nbody\n> older\nlast');

    expect(split.own.map((l) => l.text)).toEqual(['fyi']);
    expect(split.referenced.map((l) => l.text)).toEqual(['body', 'last']);
    expect(split.referenced.map((l) => split.text.slice(l.start, l.start + l.text.length))).toEqual(['body', 'last']);
  });

  it('takes the quoted message below an "On … wrote:" line without its marks, and not the one it quotes', () => {
    const split = splitBody('Same again please\n\nOn Mon, 2 Nov 2026, Shop <s@x.example> wrote:\n> 40 large boxes\n> > 7 old widgets\n> Thanks');

    expect(split.own.map((l) => l.text)).toEqual(['Same again please', '']);
    expect(split.referenced.map((l) => l.text)).toEqual(['40 large boxes']);
    expect(split.bare).toBe(false);
  });

  it('keeps the offsets of quoted lines pointing into the body without their quote marks, and drops older quotes', () => {
    const split = splitBody('ok\r\n> 5 x Gadget Pro\r\n>> 2 x Desk Lamp');

    expect(split.referenced.map((l) => [l.text, split.text.slice(l.start, l.start + l.text.length)])).toEqual([['5 x Gadget Pro', '5 x Gadget Pro']]);
  });
});

describe('maskNoise', () => {
  it('blanks phones, dates, references and money but keeps quantities and positions', () => {
    const line = 'PO 4411: 3 Gadget Pro by 5 March, $25.00, call +1 555 123 4567';
    const masked = maskNoise(line, noSku);
    expect(masked).toHaveLength(line.length);
    expect(masked.replace(/\s+/g, ' ').trim()).toBe(': 3 Gadget Pro by , , call');
  });

  it('keeps a digit-heavy catalog SKU', () => {
    expect(maskNoise('100-2000-3 x 2', (s) => s === '100-2000-3')).toBe('100-2000-3 x 2');
  });

  it('blanks the same spans whether or not the line holds an e-mail address', () => {
    const line = '3 x Gadget Pro, EUR12, tel (020) 7946 0958, 12 High Street, Suite 200, #12, on 5/12, 9 am, 25%, item 3: 2 x Desk Lamp';
    const withAddress = `${line} to ann@shop.example`;

    const masked = maskNoise(line, noSku);

    expect(masked.replace(/\s+/g, ' ').trim()).toBe('3 x Gadget Pro, , tel , , , , , , , : 2 x Desk Lamp');
    expect(maskNoise(withAddress, noSku)).toBe(`${masked} to ${' '.repeat('ann@shop.example'.length)}`);
  });
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('wdiget', 'widget')).toBe(1);
    expect(editDistance('gadjet', 'gadget')).toBe(1);
    expect(editDistance('abcdef', 'badcfe')).toBe(2);
  });
});

describe('htmlToText: a layout row beside a logo or side column', () => {
  it('keeps the paragraphs of a cell of three or more on their own lines', () => {
    const html = '<table width="100%"><tr><td><p>Hello,</p><p>Please supply:</p><p>50 x 5x60 screws</p><p>50 x 4x40 screws</p></td><td width="200"><img src="cid:logo"></td></tr></table>';

    expect(htmlToText(html).split('\n')).toEqual(['Hello,', 'Please supply:', '50 x 5x60 screws', '50 x 4x40 screws']);
  });

  it('still keeps an Outlook table row, one paragraph per cell, on one line', () => {
    const html = '<table><tr><td><p class="MsoNormal">Item</p></td><td><p class="MsoNormal">Qty</p></td></tr><tr><td><p class="MsoNormal">M8 nuts</p></td><td><p class="MsoNormal">200</p></td></tr></table>';

    expect(htmlToText(html).split('\n')).toEqual(['Item | Qty', 'M8 nuts | 200']);
  });
});
