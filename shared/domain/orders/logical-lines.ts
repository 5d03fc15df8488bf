import type { BodyLine } from '../mail/mail-body.js';

/**
 * Groups mail lines into the lines the parser reads. Three structures are rewritten to "N x Product":
 * - tables (pipe or tab separated, which is also what htmlToText and mail clients make of HTML
 *   tables, or columns aligned with spaces under a header) whose header names a product column and
 *   a quantity column; every other non-price column (colour, size) joins the product text, rows
 *   with an empty, "-" or zero quantity and total rows are skipped;
 * - size or colour grids: a header of variant words ("| S | M | L"), a label per row;
 * - labelled records: "Qty: 4 / Item: Gadget Pro" on one line, or "Quantity: 2" and "Product: …"
 *   on neighbouring lines (either order).
 * Tab or pipe rows stay in their table across single blank lines between them.
 * A short line ending in ":" without digits ("Small:") is a heading: the lines under it carry it as
 * context, so "- boxes 30" under "Small:" can mean small boxes.
 */
export interface LogicalLine {
  /** What the parser tokenises. */
  readonly text: string;
  /** Where `text` starts in the body, when it is the body's own text (not rewritten). */
  readonly start: number;
  /** The body span the line came from (a whole table row when rewritten). */
  readonly span: { readonly start: number; readonly end: number };
  /** Table row, labelled record or list item: unknown products there deserve a warning. */
  readonly structured: boolean;
  readonly rewritten: boolean;
  /** The heading the line sits under, if any. */
  readonly heading?: string;
}

const PRODUCT_HEADER = /^(?:products?|items?|descriptions?|articles?|artikel|bezeichnung|what|(?:product|item)\s*name|name|sku|part(?:\s*(?:no\.?|number))?|model|leads?|cables?)$/i;
const SKU_HEADER = /^(?:sku|part(?:\s*(?:no\.?|number))?|item\s*(?:no\.?|#|code)|code)$/i;
const QTY_HEADER = /^(?:(?:order\s*)?qty\.?|(?:order\s*)?quantity|quantities|units|pcs\.?|pieces|count|menge|anzahl|stück|stk\.?|how many|#\s*units|no\.?\s*of\s*units|amount\s*\(units\))$/i;
const SKIPPED_HEADER = /^(?:(?:unit\s*)?price|each|total|amount|cost|pos\.?|no\.?|#|line|vat|net|gross|preis|summe)$/i;
const VARIANT_HEADER = /^(?:xs|s|m|l|xl|xxl|small|medium|large|black|white|grey|gray|blue|red|green|yellow|orange|brown|clear|kraft)$/i;
/** "Size | Yellow vest | Orange vest": the rows are the variants, the columns the products. */
const DIMENSION_HEADER = /^(?:sizes?|colou?rs?|length|größe|farbe|taille|couleur)$/i;
const QTY_LABEL = /^(?:qty|quantity|qnty|units|pcs|menge|amount)\s*[:=.]?\s*(\d[\d,.]*|[a-z]+(?:[\s-][a-z]+){0,2})\s*(?:pcs|units|pieces)?\.?$/i;
const ITEM_LABEL = /^(?:item|product|article|description|part|sku|model|product\s*name|item\s*name|part\s*(?:no\.?|number))\s*[:=#]\s*(\S.*)$/i;
const LABEL_WORD = /\b(?:qty|quantity|qnty|units|pcs|menge|amount|item|product|article|description|part|sku|model)\b/i;
const PIPES = /\s*\|\s*/;
const TABS = /\t+/;
const SPACES = /\s{2,}/;
const RULE_ROW = /^[\s|:+=_-]+$/;
const TOTAL_ROW = /^(?:sub\s*total|total|sum|gesamt|summe)\b/i;
const NO_QUANTITY = /^(?:|-|–|—|n\/a|0+|x)$/i;
const SPEC_HEADER = /^\d+(?:[.,]\d+)?\s?(?:oz|mm|cm|m|kg|g|l|ml|inch|in|")$/i;
const HEADING = /^\s*([\p{L}][\p{L} '&/(),-]{0,39}):\s*$/u;

type Table =
  | { kind: 'columns'; qtyCol: number; productCols: number[]; skuCol: number; split: RegExp; width: number; starts?: number[] }
  | { kind: 'grid'; variants: (string | null)[]; split: RegExp; label?: string };
interface Pending { qty?: string; item?: string; lines: BodyLine[] }

function cellsOf(line: string, split: RegExp): string[] {
  const cells = line.split(split).map((c) => c.trim());
  if (split.source.includes('|') && cells[0] === '') cells.shift();
  if (split.source.includes('|') && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/**
 * "Gloves\t\tM\t15": an empty cell between two tabs keeps its column when that fits the header;
 * in columns aligned with spaces, each cell goes to the header column it starts nearest to.
 */
function rowCells(line: string, table: Table): string[] {
  if (table.kind !== 'columns') return cellsOf(line.trim(), table.split);
  if (table.split === TABS) {
    const single = line.trim().split('\t').map((c) => c.trim());
    return single.length === table.width ? single : cellsOf(line.trim(), table.split);
  }
  if (table.split !== SPACES || table.starts === undefined) return cellsOf(line.trim(), table.split);
  const runs = spacedRuns(line);
  if (runs.length >= table.width) return runs.map((r) => r.text);
  const cells: string[] = new Array<string>(table.width).fill('');
  for (const run of runs) {
    let best = 0;
    table.starts.forEach((start, i) => { if (Math.abs(start - run.start) < Math.abs((table.starts as number[])[best] as number - run.start)) best = i; });
    cells[best] = cells[best] === '' ? run.text : `${cells[best]} ${run.text}`;
  }
  return cells;
}

/** Cells of a line aligned with spaces (two or more spaces apart) and where each starts. */
function spacedRuns(line: string): { text: string; start: number }[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ text: m[0], start: m.index }));
}

function tableHeader(cells: readonly string[], split: RegExp): Table | null {
  // a grid whose columns are sizes with a unit ("| 8oz | 12oz", "Item | 2m | 5m")
  const specs = cells.map((c) => (SPEC_HEADER.test(c) ? c : null));
  const specCount = specs.filter((c) => c !== null).length;
  if (specCount >= 2 && (specCount === cells.length || (specCount === cells.length - 1 && !/\d/.test(cells[0] ?? '')))) return { kind: 'grid', variants: specs, split };
  if (cells.some((c) => /\d/.test(c))) return null;
  const variants = cells.map((c) => (VARIANT_HEADER.test(c) ? c : null));
  const count = variants.filter((v) => v !== null).length;
  if (count >= 2 && (variants[0] === null || count === cells.length)) return { kind: 'grid', variants, split };
  if (cells.length >= 3 && DIMENSION_HEADER.test(cells[0] ?? '') && !cells.slice(1).some((c) => c === '' || QTY_HEADER.test(c) || SKIPPED_HEADER.test(c) || DIMENSION_HEADER.test(c) || PRODUCT_HEADER.test(c))) {
    return { kind: 'grid', variants: [null, ...cells.slice(1)], split };
  }
  const qtyCol = cells.findIndex((c) => QTY_HEADER.test(c));
  const skuCol = cells.findIndex((c) => SKU_HEADER.test(c));
  const productCol = cells.findIndex((c) => PRODUCT_HEADER.test(c) && !SKU_HEADER.test(c));
  if (qtyCol < 0 || (productCol < 0 && skuCol < 0)) return null;
  const productCols = cells.flatMap((c, i) => (i === qtyCol || i === skuCol || SKIPPED_HEADER.test(c) ? [] : [i]));
  return { kind: 'columns', qtyCol, productCols, skuCol, split, width: cells.length };
}

/** Applies the rewrites above; `isSku` says whether a cell is a known SKU. */
export function logicalLines(lines: readonly BodyLine[], isSku: (upper: string) => boolean): LogicalLine[] {
  const out: LogicalLine[] = [];
  let table: Table | null = null;
  let heading: string | undefined;
  let pending: Pending = { lines: [] };
  // a blank line ends a table unless the next line is another tab or pipe row of it (some clients
  // put an empty paragraph between the rows of an HTML table)
  let gap = false;
  let above: string | undefined;
  for (const line of lines) {
    const trimmed = line.text.trim();
    const previous = above;
    if (trimmed !== '') above = trimmed;
    const split = trimmed.includes('|') ? PIPES : trimmed.includes('\t') ? TABS : SPACES;
    if (trimmed === '') {
      gap = table !== null;
      heading = undefined;
    } else if (RULE_ROW.test(trimmed)) {
      continue;
    } else {
      if (gap && table !== null && (split === SPACES || table.split.source !== split.source)) table = null;
      gap = false;
      // columns aligned with spaces need two spaces in a row; most lines have none
      const cells = split !== SPACES || trimmed.includes('  ') ? cellsOf(trimmed, split) : [trimmed];
      const header = cells.length >= 2 ? tableHeader(cells, split) : null;
      if (header !== null) {
        pending = flushed(out, pending, heading);
        if (header.kind === 'columns' && split === SPACES) table = { ...header, starts: spacedRuns(line.text).map((r) => r.start) };
        // a grid of variants only ("S  M  L") under a product line ("Black tees") takes it as its label
        else if (header.kind === 'grid' && header.variants[0] !== null && previous !== undefined && !/\d/.test(previous)) table = { ...header, label: previous };
        else table = header;
        continue;
      }
      if (table !== null && table.split.source === split.source) {
        const row = tableRow(table, rowCells(line.text, table), isSku);
        for (const text of row) out.push(rewrittenLine(text, [line], heading));
        if (row.length > 0 || cells.length >= 2) continue;
      }
      table = null;
      const h = HEADING.exec(trimmed);
      if (h !== null) {
        pending = flushed(out, pending, heading);
        heading = h[1];
        continue;
      }
    }
    const labels = LABEL_WORD.test(trimmed) ? readLabels(trimmed) : null;
    if (labels === null) {
      pending = flushed(out, pending, heading);
      out.push(plainLine(line, table !== null, heading));
      continue;
    }
    if ((labels.qty !== undefined && pending.qty !== undefined) || (labels.item !== undefined && pending.item !== undefined)) pending = flushed(out, pending, heading);
    pending = { qty: labels.qty ?? pending.qty, item: labels.item ?? pending.item, lines: [...pending.lines, line] };
    if (pending.qty !== undefined && pending.item !== undefined) {
      out.push(rewrittenLine(`${pending.qty} x ${pending.item}`, pending.lines, heading));
      pending = { lines: [] };
    }
  }
  flushed(out, pending, heading);
  return out;
}

// module functions, not closures in logicalLines: bundles keep names, which costs a call per closure made
function plainLine(l: BodyLine, structured: boolean, heading: string | undefined): LogicalLine {
  return { text: l.text, start: l.start, span: spanOf([l]), structured, rewritten: false, ...(heading ? { heading } : {}) };
}

function rewrittenLine(text: string, from: BodyLine[], heading: string | undefined): LogicalLine {
  return { text, start: -1, span: spanOf(from), structured: true, rewritten: true, ...(heading ? { heading } : {}) };
}

/** A labelled item still waiting for its quantity becomes a line of its own; returns the empty record. */
function flushed(out: LogicalLine[], pending: Pending, heading: string | undefined): Pending {
  if (pending.item !== undefined && pending.qty === undefined) out.push(rewrittenLine(pending.item, pending.lines, heading));
  return { lines: [] };
}

function tableRow(table: Table, cells: readonly string[], isSku: (upper: string) => boolean): string[] {
  if (TOTAL_ROW.test(cells.join(' ').trim())) return [];
  if (table.kind === 'grid') {
    // a row of counts only, under a header of variants only, counts the product line above the header
    const countsOnly = table.label !== undefined && cells.length === table.variants.length && cells.every((c) => /^\d[\d,.]*$|^-$/.test(c));
    if (countsOnly) return table.variants.flatMap((v, i) => (NO_QUANTITY.test(cells[i] ?? '') ? [] : [`${cells[i]} x ${table.label} ${v}`]));
    const label = cells[0] ?? '';
    // a header cell left empty above the labels is lost by many mail clients, and so is a row's
    // empty last cell: a first cell with no digit is the row's label
    const labelled = cells.length === table.variants.length + 1 || (table.variants[0] !== null && !/\d/.test(label));
    const variants = labelled ? [null, ...table.variants] : table.variants;
    return variants.flatMap((variant, i) => {
      const qty = cells[i] ?? '';
      return variant === null || NO_QUANTITY.test(qty) || !/\d/.test(qty) ? [] : [`${qty} x ${label} ${variant}`];
    });
  }
  const qty = cells[table.qtyCol] ?? '';
  if (NO_QUANTITY.test(qty)) return [];
  const sku = table.skuCol >= 0 ? cells[table.skuCol] ?? '' : '';
  const name = table.productCols.map((i) => cells[i] ?? '').filter((c) => c !== '').join(' ');
  const product = sku !== '' && (isSku(sku.toUpperCase()) || name === '') ? sku : name;
  return product === '' ? [] : [`${qty} x ${product}`];
}

/** Reads "Qty: …" and "Item: …" labels (several per line, split on / ; , |); null if not only labels. */
function readLabels(line: string): { qty?: string; item?: string } | null {
  const segments = line.split(/\s*[/;|]\s*|,\s+/).filter((s) => s !== '');
  let qty: string | undefined;
  let item: string | undefined;
  for (const segment of segments) {
    const q = QTY_LABEL.exec(segment);
    const it = q === null ? ITEM_LABEL.exec(segment) : null;
    if (q !== null) qty = q[1];
    else if (it !== null) item = it[1];
    else return null;
  }
  return qty === undefined && item === undefined ? null : { qty, item };
}

function spanOf(lines: readonly BodyLine[]): { start: number; end: number } {
  const first = lines[0] as BodyLine;
  const last = lines[lines.length - 1] as BodyLine;
  return { start: first.start, end: last.start + last.text.length };
}
