/**
 * Groups mail lines into the lines the parser reads. Two structures are rewritten to "N x Product":
 * - pipe tables (also what htmlToText makes of HTML tables) whose header names a product column
 *   (product/item/description/article/name/sku) and a quantity column (qty/quantity/units/pcs/count);
 * - labelled records: "Qty: 4 / Item: Gadget Pro" on one line, or "Quantity: 2" and "Product: …"
 *   on neighbouring lines (either order).
 * Everything else passes through unchanged.
 */
export interface LogicalLine {
  /** What the parser tokenises. */
  readonly text: string;
  /** The original text, for `source` in results. */
  readonly source: string;
  /** Table row, labelled record or list item: unknown products there deserve a warning. */
  readonly structured: boolean;
}

const PRODUCT_HEADER = /^(?:products?|items?|descriptions?|articles?|(?:product|item)\s*name|name|sku|part(?:\s*(?:no\.?|number))?|model)$/i;
const SKU_HEADER = /^(?:sku|part(?:\s*(?:no\.?|number))?|item\s*(?:no\.?|#|code)|code)$/i;
const QTY_HEADER = /^(?:qty\.?|quantity|quantities|units|pcs\.?|pieces|count|menge|#\s*units|no\.?\s*of\s*units|amount\s*\(units\))$/i;
const QTY_LABEL = /^(?:qty|quantity|qnty|units|pcs|menge)\s*[:=.]?\s*(\d[\d,.]*|[a-z]+(?:[\s-][a-z]+){0,2})\s*(?:pcs|units|pieces)?\.?$/i;
const ITEM_LABEL = /^(?:item|product|article|description|part|sku|model|product\s*name|item\s*name|part\s*(?:no\.?|number))\s*[:=#]\s*(\S.*)$/i;
const RULE_ROW = /^[\s|:+=_-]+$/;

interface Table { productCol: number; skuCol: number; qtyCol: number }
interface Pending { qty?: string; item?: string; sources: string[] }

function cellsOf(line: string): string[] {
  const cells = line.split('|').map((c) => c.trim());
  if (cells[0] === '') cells.shift();
  if (cells[cells.length - 1] === '') cells.pop();
  return cells;
}

function tableHeader(cells: readonly string[]): Table | null {
  const qtyCol = cells.findIndex((c) => QTY_HEADER.test(c));
  const productCol = cells.findIndex((c) => PRODUCT_HEADER.test(c) && !SKU_HEADER.test(c));
  const skuCol = cells.findIndex((c) => SKU_HEADER.test(c));
  if (qtyCol < 0 || (productCol < 0 && skuCol < 0)) return null;
  return { productCol, skuCol, qtyCol };
}

/** Applies the two rewrites above; `isSku` says whether a cell is a known SKU. */
export function logicalLines(lines: readonly string[], isSku: (upper: string) => boolean): LogicalLine[] {
  const out: LogicalLine[] = [];
  let table: Table | null = null;
  let pending: Pending = { sources: [] };
  const flush = (): void => {
    if (pending.item !== undefined && pending.qty === undefined) {
      out.push({ text: pending.item, source: pending.sources.join(' / '), structured: true });
    }
    pending = { sources: [] };
  };
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.includes('|')) {
      const cells = cellsOf(trimmed);
      if (RULE_ROW.test(trimmed)) continue;
      const header = cells.length >= 2 ? tableHeader(cells) : null;
      if (header !== null) {
        flush();
        table = header;
        continue;
      }
      if (table !== null) {
        const sku = cells[table.skuCol] ?? '';
        const name = table.productCol >= 0 ? cells[table.productCol] ?? '' : '';
        const product = sku !== '' && (isSku(sku.toUpperCase()) || name === '') ? sku : name;
        const qty = cells[table.qtyCol] ?? '';
        out.push({ text: `${qty} x ${product}`, source: trimmed, structured: true });
        continue;
      }
    } else if (trimmed !== '') {
      table = null;
    }
    const labels = readLabels(trimmed);
    if (labels === null) {
      flush();
      out.push({ text: line, source: trimmed, structured: false });
      continue;
    }
    if ((labels.qty !== undefined && pending.qty !== undefined) || (labels.item !== undefined && pending.item !== undefined)) {
      flush();
    }
    pending = { qty: labels.qty ?? pending.qty, item: labels.item ?? pending.item, sources: [...pending.sources, trimmed] };
    if (pending.qty !== undefined && pending.item !== undefined) {
      out.push({ text: `${pending.qty} x ${pending.item}`, source: pending.sources.join(' / '), structured: true });
      pending = { sources: [] };
    }
  }
  flush();
  return out;
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
