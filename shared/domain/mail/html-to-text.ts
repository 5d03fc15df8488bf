/**
 * The project's one HTML to text converter (the MIME adapter stores its output as the text of an
 * HTML-only mail; the order parser reads tables through it). Tags are dropped, block elements end
 * lines (empty lines are dropped), table cells are joined by " | " and rows by newlines (the
 * paragraphs inside the cells of a row of two or more cells stay on that row: Outlook wraps every
 * cell in a <p>; a one-cell layout row, or a row with a cell of three or more paragraphs beside a
 * logo or a side column, keeps its paragraphs on lines of their own), list items
 * start with "- ", entities are decoded, scripts and styles are skipped with their content, and
 * quoted material (a cited or bordered <blockquote>, Gmail/Outlook/Yahoo/Thunderbird quote
 * containers) is kept with "> " before each line, as plain-text mail quotes it, so readers treat
 * both alike; an indented <blockquote> without those marks is ordinary text. It never
 * evaluates anything and stays linear in the input size: no pattern can rescan past the next `<`,
 * and comments are closed with one `indexOf`.
 */
const TAG = /<!--|<!\[CDATA\[|<!?\/?([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*)>/g;
const SKIP = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'svg']);
const QUOTE_MARKERS = /gmail_quote|yahoo_quoted|moz-cite-prefix|divRplyFwdMsg|appendonsend|OLK_SRC_BODY_SECTION/i;
const BLOCK = new Set([
  'p', 'div', 'br', 'tr', 'li', 'ul', 'ol', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section',
  'article', 'header', 'footer', 'pre', 'hr', 'dd', 'dt', 'address', 'tbody', 'thead', 'blockquote',
]);
/** A block end inside a table cell: a line break, or a space once the row turns out to have 2+ cells. */
const SOFT = '\u0001';
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', times: '×', ndash: '–', mdash: '—',
  hellip: '…', euro: '€', pound: '£', yen: '¥', copy: '©', reg: '®', trade: '™', middot: '·',
  bull: '•', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', shy: '',
};

/**
 * A row whose cell holds three or more paragraphs lays out a message (text beside a logo or a side
 * column), not a table row: its paragraphs keep their own lines.
 */
function layoutRow(line: string): boolean {
  return line.split(' | ').some((cell) => cell.split(SOFT).filter((piece) => piece.trim() !== '').length >= 3);
}

/**
 * Mail clients mark a quote with type="cite" (Apple Mail, Thunderbird) or a left border (Gmail,
 * Yahoo); a <blockquote> with neither is the "indent" button, not a quote.
 */
function isQuoteBlock(name: string, attributes: string): boolean {
  return name === 'blockquote' && /\btype\s*=\s*["']?cite|border-left|\bclass\s*=/i.test(attributes);
}

/** Decodes the named entities above and every numeric one (invalid code points become U+FFFD). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body.toLowerCase()] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/** Converts an HTML body to plain lines (see the module comment for what is kept). */
export function htmlToText(html: string): string {
  const lines: string[] = [];
  let line = '';
  let lineQuoted = 0;
  const quotes: { name: string; open: number }[] = [];
  let skipTag = '';
  let skipDepth = 0;
  // one frame per open <table>: cells of its current row, and whether a cell is open
  const tables: { cells: number; inCell: boolean }[] = [];
  let last = 0;
  let lineHasText = false;
  const text = (chunk: string): void => {
    if (chunk === '') return;
    const flat = decodeEntities(chunk.replace(/\s+/g, ' '));
    if (!lineHasText && flat.trim() !== '') {
      lineQuoted = quotes.length;
      lineHasText = true;
    }
    line += flat;
  };
  const push = (piece: string): void => {
    const trimmed = piece.trim();
    if (trimmed !== '' && trimmed !== '|') lines.push(`${'> '.repeat(lineQuoted)}${trimmed}`);
  };
  const breakLine = (rowOfCells = false): void => {
    if (lineHasText) {
      if (!line.includes(SOFT)) push(line);
      else if (rowOfCells && !layoutRow(line)) push(line.replace(/\s*\u0001[\s\u0001]*/g, ' '));
      else for (const piece of line.split(rowOfCells ? /\u0001| \| / : SOFT)) push(piece);
    }
    line = '';
    lineHasText = false;
  };
  const tag = new RegExp(TAG.source, 'g');
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    if (skipDepth === 0) text(html.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] === undefined) {
      const close = html.indexOf(m[0] === '<!--' ? '-->' : ']]>', last);
      last = close < 0 ? html.length : close + 3;
      tag.lastIndex = last;
      continue;
    }
    const name = m[1].toLowerCase();
    if (m[0][1] === '!') continue;
    const closing = m[0][1] === '/';
    const selfClosing = m[0].endsWith('/>') || name === 'br' || name === 'hr';
    if (skipDepth > 0) {
      if (name === skipTag) skipDepth += closing ? -1 : selfClosing ? 0 : 1;
      continue;
    }
    if (!closing && SKIP.has(name) && !selfClosing) {
      skipTag = name;
      skipDepth = 1;
      continue;
    }
    const top = quotes[quotes.length - 1];
    if (!closing && !selfClosing && (isQuoteBlock(name, m[2] ?? '') || QUOTE_MARKERS.test(m[2] ?? ''))) {
      breakLine();
      quotes.push({ name, open: 1 });
      continue;
    }
    if (top !== undefined && name === top.name && !selfClosing) {
      top.open += closing ? -1 : 1;
      if (top.open === 0) {
        breakLine();
        quotes.pop();
        continue;
      }
    }
    const table = tables[tables.length - 1];
    if (name === 'td' || name === 'th') {
      if (table !== undefined) table.inCell = !closing;
      if (!closing && table !== undefined && table.cells++ > 0) line += ' | ';
    } else if (name === 'tr') {
      breakLine((table?.cells ?? 0) >= 2);
      if (table !== undefined) Object.assign(table, { cells: 0, inCell: false });
    } else if (name === 'table') {
      breakLine((table?.cells ?? 0) >= 2);
      if (closing) tables.pop();
      else tables.push({ cells: 0, inCell: false });
    } else if (table?.inCell === true && BLOCK.has(name) && name !== 'li' && name !== 'ul' && name !== 'ol') {
      if (lineHasText) line += SOFT;
    } else if (name === 'li' && !closing) {
      breakLine();
      line = '- ';
      lineQuoted = quotes.length;
      lineHasText = true;
    } else if (BLOCK.has(name)) {
      breakLine();
    }
  }
  if (skipDepth === 0) text(html.slice(last));
  breakLine();
  return lines.join('\n');
}
