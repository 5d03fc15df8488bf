import type { ReadMail } from './order-corpus.js';

/** What the parser made of one mail: its lines and the warnings for the whole mail. */
export interface Reading {
  readonly lines: readonly { sku: string; quantity: number; confidence: number }[];
  readonly warnings: readonly string[];
}

interface Counts { mails: number; truePositives: number; found: number; wanted: number }

/** Aggregate scores of one split: nothing per mail, so the frozen part can be scored safely. */
export interface SplitScore {
  readonly mails: number;
  readonly overall: Counts;
  readonly byClass: ReadonlyMap<string, Counts>;
  /** Mails expecting a warning, and how many of them got a mail-level warning. */
  readonly warningsExpected: number;
  readonly warningsGiven: number;
  /** Mails not expecting a warning that got one anyway. */
  readonly falseAlarms: number;
  readonly nonOrderMails: number;
  /** Lines of any confidence on non-order mail, and those at or above CONFIDENT. */
  readonly nonOrderLines: number;
  readonly nonOrderConfidentLines: number;
}

/** A line staff would be tempted to accept as is. */
export const CONFIDENT = 0.8;

const pairs = (lines: readonly { sku: string; quantity: number }[]): string[] => lines.map((l) => `${l.sku}×${l.quantity}`);

/** Scores (sku, quantity) lines per class and overall, warnings, and lines on non-order mail. */
export function scoreSplit(mails: readonly ReadMail[], read: (mail: ReadMail) => Reading): SplitScore {
  const overall: Counts = { mails: 0, truePositives: 0, found: 0, wanted: 0 };
  const byClass = new Map<string, Counts>();
  let warningsExpected = 0;
  let warningsGiven = 0;
  let falseAlarms = 0;
  let nonOrderMails = 0;
  let nonOrderLines = 0;
  let nonOrderConfidentLines = 0;
  for (const m of mails) {
    const reading = read(m);
    const got = pairs(reading.lines);
    const want = pairs(m.mail.expected);
    const truePositives = got.filter((p) => want.includes(p)).length;
    for (const counts of [overall, ...m.mail.classes.map((c) => classCounts(byClass, c))]) {
      counts.mails += 1;
      counts.truePositives += truePositives;
      counts.found += got.length;
      counts.wanted += want.length;
    }
    if (m.mail.expectWarning) {
      warningsExpected += 1;
      if (reading.warnings.length > 0) warningsGiven += 1;
    } else if (reading.warnings.length > 0) {
      falseAlarms += 1;
    }
    if (m.mail.classes.includes('non-order')) {
      nonOrderMails += 1;
      nonOrderLines += reading.lines.length;
      nonOrderConfidentLines += reading.lines.filter((l) => l.confidence >= CONFIDENT).length;
    }
  }
  return { mails: mails.length, overall, byClass, warningsExpected, warningsGiven, falseAlarms, nonOrderMails, nonOrderLines, nonOrderConfidentLines };
}

/** Tune mail: oc- mail after the first round, or a first-round number the split rule put in tune/. */
const isTuneId = (id: string): boolean => {
  const n = Number(id.slice(3));
  return id.startsWith('oc-') && n > 0 && (n > 333 || n % 3 !== 1);
};

/** Per-mail differences, for the tune part only (the frozen part is never looked at per mail). */
export function tuneDifferences(mails: readonly ReadMail[], read: (mail: ReadMail) => Reading): string[] {
  const out: string[] = [];
  for (const m of mails) {
    if (!isTuneId(m.mail.id)) throw new Error('tuneDifferences reads the tune part only');
    const reading = read(m);
    const got = pairs(reading.lines).sort();
    const want = pairs(m.mail.expected).sort();
    const warned = reading.warnings.length > 0;
    if (got.join() !== want.join() || warned !== m.mail.expectWarning) {
      out.push(`${m.mail.id} [${m.mail.classes.join(' ')}] got [${got.join(', ')}] want [${want.join(', ')}]`
        + `${warned !== m.mail.expectWarning ? ` warning ${warned ? 'given' : 'missing'}` : ''}`
        + `${warned ? `\n    warnings: ${reading.warnings.join(' | ')}` : ''}`);
    }
  }
  return out;
}

export const precision = (c: Counts): number => (c.found === 0 ? 1 : c.truePositives / c.found);
export const recall = (c: Counts): number => (c.wanted === 0 ? 1 : c.truePositives / c.wanted);
export const f1 = (c: Counts): number => {
  const p = precision(c);
  const r = recall(c);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
};

/** The table the benchmark and the CI test print: one row per class, tune and frozen side by side. */
export function formatScores(parts: Readonly<Record<string, SplitScore>>): string {
  const names = Object.keys(parts);
  const classes = [...new Set(Object.values(parts).flatMap((s) => [...s.byClass.keys()]))].sort();
  const cell = (c: Counts | undefined): string => (c === undefined
    ? ' '.repeat(27)
    : `${String(c.mails).padStart(4)} ${fmt(precision(c))} ${fmt(recall(c))} ${fmt(f1(c))}`);
  const rows = [
    `${'class'.padEnd(20)}${names.map((n) => `| ${n.padEnd(9)} mails     P     R    F1 `).join('')}`,
    ...classes.map((c) => `${c.padEnd(20)}${names.map((n) => `| ${cell(parts[n]?.byClass.get(c))}           `).join('')}`),
    `${'OVERALL'.padEnd(20)}${names.map((n) => `| ${cell(parts[n]?.overall)}           `).join('')}`,
  ];
  for (const n of names) {
    const s = parts[n] as SplitScore;
    rows.push(`${n}: lines found ${s.overall.found}, wanted ${s.overall.wanted}, right ${s.overall.truePositives}; `
      + `warnings on ${s.warningsGiven}/${s.warningsExpected} mails expecting one, on ${s.falseAlarms} others; `
      + `non-order mails ${s.nonOrderMails}: ${s.nonOrderLines} lines, ${s.nonOrderConfidentLines} confident (≥ ${CONFIDENT})`);
  }
  return rows.join('\n');
}

function classCounts(map: Map<string, Counts>, name: string): Counts {
  let counts = map.get(name);
  if (counts === undefined) {
    counts = { mails: 0, truePositives: 0, found: 0, wanted: 0 };
    map.set(name, counts);
  }
  return counts;
}

const fmt = (x: number): string => x.toFixed(3).padStart(5);
