/** One token of a line: positions index the (masked) line so the source text can be cut out. */
export interface Token {
  readonly raw: string;
  /** Canonical form: lower case, singular, abbreviations spelled out, specs joined ("75 mm" → "75mm"). */
  readonly norm: string;
  readonly start: number;
  readonly end: number;
  readonly kind: TokenKind;
  /** Integer value for `int` and `times` tokens. */
  readonly value?: number;
}

/**
 * `times` is "3x"/"x3"/"50pcs"/"6no" (the trade's "number off"); `decimal` a non-whole number such as "2.5"; `spec` a size or model
 * token with digits ("75mm", "m8", "a4", "m8x50", "4gang"), never a quantity.
 */
export type TokenKind = 'word' | 'int' | 'times' | 'decimal' | 'sku' | 'spec';

/** Says whether a canonical token is a catalog word; joins that depend on the catalog ask it. */
export type Vocabulary = (norm: string) => boolean;

// a comma joins only digits ("1,000"): "3x tsh-s-blk,3x tsh-m-blk" is two items
const WORD = /[\p{L}\p{N}]+(?:(?:['’./_-]|(?<=\d),(?=\d))[\p{L}\p{N}]+)*/gu;
const INT = /^\d{1,9}$/;
const THOUSANDS = /^\d{1,3}(?:,\d{3})+$|^\d{1,3}(?:\.\d{3})+$/;
const DECIMAL = /^\d+[.,]\d+$/;
const TIMES = /^(\d{1,5})(?:x|×|pcs|pc|ea|no|nos)$|^[x×](\d{1,5})$/i;
const KILO = /^(\d{1,3})k$/i;
const DIMENSION = /^([a-z]*\d+)(?:mm)?[x×](\d+)(?:mm)?$/;
const PART = /[\p{L}\p{N}]+/gu;
const UNITS: Readonly<Record<string, string>> = {
  mm: 'mm', cm: 'cm', m: 'm', metre: 'm', metres: 'm', meter: 'm', meters: 'm', mtr: 'm', mtrs: 'm', oz: 'oz', kg: 'kg', kgs: 'kg',
  g: 'g', l: 'l', ltr: 'l', litre: 'l', litres: 'l', liter: 'l', liters: 'l', ml: 'ml', gsm: 'gsm',
  inch: 'inch', inches: 'inch', way: 'way', gang: 'gang', ply: 'ply', mil: 'mil',
};
const NUMBER_PREFIX: Readonly<Record<string, string>> = { two: '2', three: '3', four: '4', five: '5', six: '6', eight: '8', ten: '10' };
/** Shorthand customers write for words catalogs spell out; a value with a space becomes two tokens. */
const SYNONYMS: Readonly<Record<string, string>> = {
  s: 'small', sm: 'small', sml: 'small', m: 'medium', med: 'medium', md: 'medium', l: 'large', lg: 'large', lrg: 'large', lge: 'large',
  blk: 'black', bk: 'black', wht: 'white', wh: 'white', gry: 'grey', gray: 'grey', clr: 'clear', brn: 'brown',
  yel: 'yellow', ylw: 'yellow', org: 'orange', blu: 'blue', ctn: 'carton', ctns: 'carton', hiviz: 'hi vis', hivis: 'hi vis',
  viz: 'vis', tshirt: 't shirt', usbc: 'usb c', colour: 'color', qnty: 'qty', quantitie: 'quantity',
  blt: 'bolt', blts: 'bolt', nt: 'nut', nts: 'nut', wshr: 'washer', wshrs: 'washer', scr: 'screw', scrw: 'screw', scrws: 'screw',
  brkt: 'bracket', brkts: 'bracket', env: 'envelope', envs: 'envelope', lbl: 'label', lbls: 'label', cbl: 'cable', cbls: 'cable',
  bx: 'box', bxs: 'box', pr: 'pair', prs: 'pair', pk: 'pack', pkt: 'packet', doz: 'dozen', ext: 'extension',
  ppr: 'paper', nap: 'napkin', naps: 'napkin', grn: 'green',
  // Nordic colours (short words: FOREIGN below is only tried on longer or non-ASCII words)
  svart: 'black', svarta: 'black', svarte: 'black', hvit: 'white', hvite: 'white', hvid: 'white', hvide: 'white',
  vit: 'white', vita: 'white', gul: 'yellow', gula: 'yellow', gule: 'yellow', brun: 'brown', bruna: 'brown', brune: 'brown',
};

const normalized = new Map<string, string>();

/**
 * Trade words of German-, French- and Nordic-writing customers, matched on the end of a word so compounds
 * work ("Sechskantschraube" is a hex bolt, "Holzschraube" a wood screw).
 */
const FOREIGN: readonly (readonly [RegExp, string])[] = [
  [/^sechskantschraube[n]?$/, 'hex bolt'], [/^holzschraube[n]?$/, 'wood screw'], [/schraube[n]?$/, 'screw'],
  [/mutt?er[n]?$/, 'nut'], [/scheibe[n]?$/, 'washer'], [/becher$/, 'cup'], [/deckel$/, 'lid'], [/^espressobohnen$/, 'espresso bean'],
  [/bohnen$/, 'bean'], [/^wei(?:ß|ss)e?[nrs]?$/, 'white'], [/^schwarze?[nrs]?$/, 'black'], [/^braune?[nrs]?$/, 'brown'],
  [/^(?:stk|stück|passende[nrs]?|beutel)$/, 'pcs'], [/^écrous?$/, 'nut'], [/^rondelles?$/, 'washer'], [/^gobelets?$/, 'cup'],
  [/^couvercles?$/, 'lid'], [/^blanc(?:he)?s?$/, 'white'], [/^noire?s?$/, 'black'],
  [/^blå[ae]?$/, 'blue'], [/^grå[ae]?$/, 'grey'], [/^bägare$/, 'cup'],
];

/** Lower-cases and strips a plural `s` with the few English rules that matter for product names. */
export function normalizeWord(word: string): string {
  const known = normalized.get(word);
  if (known !== undefined) return known;
  const norm = singular(word);
  if (normalized.size > 50_000) normalized.clear(); // bounded: mail brings unbounded words
  normalized.set(word, norm);
  return norm;
}

const wordCache = new Map<string, readonly string[]>();

function wordNorms(lower: string): readonly string[] {
  const known = wordCache.get(lower);
  if (known !== undefined) return known;
  // shorthand as written ("ctns") or in the singular ("tshirts"), then foreign trade words
  const synonym = SYNONYMS[lower] ?? (lower.length > 5 || /[^a-z]/.test(lower) ? FOREIGN.find(([re]) => re.test(lower))?.[1] : undefined);
  const norm = synonym === undefined ? normalizeWord(lower) : undefined;
  const mapped = norm === undefined ? synonym : lower.length > 3 ? SYNONYMS[norm] : undefined;
  const norms = mapped === undefined ? [norm as string] : mapped.split(' ');
  if (wordCache.size > 50_000) wordCache.clear(); // bounded: mail brings unbounded words
  wordCache.set(lower, norms);
  return norms;
}

function singular(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  if (/\d/.test(w) || w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:ss|us|is)$/.test(w)) return w;
  // "boxes", "buzzes" lose -es; "sizes", "prizes" only the -s
  if (/(?:ches|shes|xes|zzes|sses)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) w = w.slice(0, -1);
  return w;
}

/** The canonical spelling of a spec token: units spelled one way, "M8 x 50mm" as "m8x50". */
export function canonicalSpec(lower: string): string {
  const dim = DIMENSION.exec(lower);
  if (dim) return `${dim[1]}x${dim[2]}`;
  const unit = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(lower);
  if (unit && UNITS[unit[2] as string] !== undefined) return `${unit[1]}${UNITS[unit[2] as string]}`;
  return lower;
}

/** The parts a dimension token also stands for: "m8x50" → m8, 50mm; "4x40" → 4mm, 40mm. */
export function specParts(norm: string): string[] {
  const dim = DIMENSION.exec(norm);
  if (!dim) return [];
  const first = dim[1] as string;
  return [/^\d+$/.test(first) ? `${first}mm` : first, `${dim[2]}mm`];
}

/**
 * Splits a line into word, number, spec and SKU tokens. `isSku` recognises catalog SKUs whole, in any case;
 * `vocabulary` lets joins that only make sense for the catalog happen ("4 x 40mm" → "4x40",
 * "cat 6" → "cat6"); pass `() => true` when tokenising the catalog itself.
 */
export function tokenize(line: string, isSku: (word: string) => boolean, vocabulary: Vocabulary = () => false): Token[] {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  // exec on the one global regex: matchAll would copy it for every line
  for (let m = WORD.exec(line); m !== null; m = WORD.exec(line)) {
    const raw = m[0];
    const start = m.index;
    if (isSku(raw)) {
      tokens.push({ raw, norm: raw.toUpperCase(), start, end: start + raw.length, kind: 'sku' });
      continue;
    }
    for (const t of wordTokens(raw)) {
      tokens.push(t.value === undefined
        ? { raw: t.raw, norm: t.norm, start: start + t.start, end: start + t.end, kind: t.kind }
        : { raw: t.raw, norm: t.norm, start: start + t.start, end: start + t.end, kind: t.kind, value: t.value });
    }
  }
  return joinSpecs(tokens, line, vocabulary);
}

/**
 * The tokens of one word of a mail that is no SKU, positioned from 0: they depend on the word alone,
 * and the same words recur from line to line and mail to mail, so each is worked out once.
 */
function wordTokens(raw: string): readonly Token[] {
  const known = wordTokenCache.get(raw);
  if (known !== undefined) return known;
  const tokens: Token[] = [];
  const first = raw.charCodeAt(0);
  const digitFirst = first >= 48 && first <= 57; // the number patterns below all start with a digit
  if (digitFirst && (INT.test(raw) || THOUSANDS.test(raw))) {
    tokens.push({ raw, norm: raw, start: 0, end: raw.length, kind: 'int', value: Number(raw.replace(/[.,]/g, '')) });
  } else if (digitFirst && DECIMAL.test(raw)) {
    tokens.push({ raw, norm: raw, start: 0, end: raw.length, kind: 'decimal' });
  } else if (/[.,/_-]/.test(raw)) {
    pushJoined(tokens, raw, 0);
  } else {
    pushWord(tokens, raw, 0);
  }
  if (wordTokenCache.size > 50_000) wordTokenCache.clear(); // bounded: mail brings unbounded words
  wordTokenCache.set(raw, tokens);
  return tokens;
}

const wordTokenCache = new Map<string, readonly Token[]>();

/** "21-up" and "4-gang" stay one spec token; "usb-c", "t-shirt" and "S/M/L" become their parts. */
function pushJoined(tokens: Token[], raw: string, start: number): void {
  const joined = /^(\d+|[a-z]+)-([a-z]{1,4})$/i.exec(raw);
  const lead = joined ? (/^\d+$/.test(joined[1] as string) ? joined[1] : NUMBER_PREFIX[(joined[1] as string).toLowerCase()]) : undefined;
  if (joined && lead !== undefined && (/^\d+$/.test(joined[1] as string) || UNITS[(joined[2] as string).toLowerCase()] !== undefined)) {
    const norm = canonicalSpec(`${lead}${(joined[2] as string).toLowerCase()}`);
    tokens.push({ raw, norm, start, end: start + raw.length, kind: 'spec' });
    return;
  }
  PART.lastIndex = 0;
  for (let p = PART.exec(raw); p !== null; p = PART.exec(raw)) pushWord(tokens, p[0], start + p.index);
}

function pushWord(tokens: Token[], raw: string, start: number): void {
  const end = start + raw.length;
  const lower = raw.toLowerCase();
  if (!/\d/.test(raw)) {
    for (const norm of wordNorms(lower)) tokens.push({ raw, norm, start, end, kind: 'word' });
    return;
  }
  const times = TIMES.exec(raw);
  const kilo = KILO.exec(raw);
  if (times) {
    tokens.push({ raw, norm: lower, start, end, kind: 'times', value: Number(times[1] ?? times[2]) });
  } else if (kilo) {
    tokens.push({ raw, norm: lower, start, end, kind: 'int', value: Number(kilo[1]) * 1000 });
  } else if (INT.test(raw)) {
    tokens.push({ raw, norm: raw, start, end, kind: 'int', value: Number(raw) });
  } else {
    tokens.push({ raw, norm: canonicalSpec(lower), start, end, kind: 'spec' });
  }
}

/** Joins number + unit ("75 mm", '3"'), dimensions ("M8 x 50mm") and spaced thousands ("2 000"). */
function joinSpecs(tokens: Token[], line: string, vocabulary: Vocabulary): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    if (t.kind === 'word') {
      // "cat 6" → cat6 when the catalog has it
      if (t.norm.length >= 2 && next?.kind === 'int' && (next.start === t.end || (next.start - t.end === 1 && line[t.end] === ' '))
        && vocabulary(`${t.norm}${next.raw}`)) {
        out.push(spec(t, next, `${t.norm}${next.raw}`));
        i++;
      } else out.push(t);
      continue;
    }
    if (t.kind !== 'int' && t.kind !== 'spec') {
      out.push(t);
      continue;
    }
    const close = next !== undefined && (next.start === t.end || (next.start - t.end === 1 && line[t.end] === ' '));
    if (t.kind === 'int' && close && next?.kind === 'word' && UNITS[next.raw.toLowerCase()] !== undefined && joinsUnit(t, next, line, vocabulary)) {
      out.push(spec(t, next, `${t.raw}${UNITS[next.raw.toLowerCase()]}`));
      i++;
      continue;
    }
    const inch = t.kind === 'int' ? /^ ?["”″]/.exec(line.slice(t.end, t.end + 2)) : null;
    if (inch !== null) {
      out.push({ ...t, norm: `${t.raw}inch`, kind: 'spec', end: t.end + inch[0].length });
    } else if (t.kind === 'int' && next?.kind === 'int' && next.start - t.end === 1 && /[ \u00a0\u2009\u202f]/.test(line[t.end] as string)
      && t.raw.length <= 3 && /^\d{3}$/.test(next.raw) && line[next.end] !== ',') {
      // "2 000": a thousands group
      out.push({ ...t, raw: `${t.raw} ${next.raw}`, norm: `${t.raw}${next.raw}`, end: next.end, value: Number(`${t.raw}${next.raw}`) });
      i++;
    } else if (next?.kind === 'word' && (next.raw === 'x' || next.raw === 'X' || next.raw === '×') && /^\s*$/.test(line.slice(t.end, next.start))) {
      // "M8 x 50mm", "4 x 40mm": one dimension when the catalog has it (or it starts with a letter)
      const after = tokens[i + 2];
      const joined = after !== undefined && (after.kind === 'int' || after.kind === 'spec') && /^\s*$/.test(line.slice(next.end, after.start))
        ? canonicalSpec(`${t.norm.replace(/mm$/, '')}x${after.norm.replace(/mm$/, '')}`) : '';
      if (joined !== '' && (vocabulary(joined) || /^[a-z]/.test(t.norm))) {
        out.push(spec(t, after as Token, joined));
        i += 2;
      } else out.push(t);
    } else {
      out.push(t);
    }
  }
  return out;
}

/**
 * Number + unit is one spec ("75 mm"), except a count of kilos or litres ("6 kg of beans", "20 kg
 * Espressobohnen", unless the catalog sells that size) and a capital size letter ("5 M").
 */
function joinsUnit(t: Token, unitWord: Token, line: string, vocabulary: Vocabulary): boolean {
  const unit = UNITS[unitWord.raw.toLowerCase()] as string;
  if ((unit === 'kg' || unit === 'l') && !vocabulary(`${t.raw}${unit}`)) return false;
  if (unitWord.raw === 'M' || unitWord.raw === 'L') return false;
  return !/^\s+of\b/i.test(line.slice(unitWord.end, unitWord.end + 4));
}

function spec(first: Token, last: Token, norm: string): Token {
  return { raw: `${first.raw}…${last.raw}`, norm, start: first.start, end: last.end, kind: 'spec' };
}

/** Words that join or surround product names but never name a product themselves. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'with', 'for', 'to', 'in', 'on', 'at', 'by', 'from', '&', 'x', 'per',
]);
