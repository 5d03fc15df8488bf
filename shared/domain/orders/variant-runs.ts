import { COLOURS, SIZES } from './variant-words.js';

// "mailer bags small 200 large 100", "Tees (black): S-10 M-10 L-5", "6 medium 6 large": a run of
// size or colour and count pairs with only spaces between them is one item per pair, as if commas
// stood between; the line keeps its length so offsets still point into the body.

const VARIANT = `(?:${[...SIZES, ...COLOURS, 'grey', 'gray', 's', 'm', 'l', 'sml', 'med', 'lrg', 'lge', 'lg'].join('|')})`;
// a single letter needs a separator before its count ("M 10", "M-10"), so "M8" stays a spec
const NAMED_COUNT = `${VARIANT}(?:\\s+|\\s*[-:=]\\s*)\\d+`;
const COUNT_NAMED = `\\d+\\s+${VARIANT}`;
const RUN = new RegExp(`(?<![\\p{L}\\p{N}-])(?:${NAMED_COUNT}(?:\\s+${NAMED_COUNT})+|${COUNT_NAMED}(?:\\s+${COUNT_NAMED})+)(?![\\p{L}\\p{N}])`, 'giu');
const PAIR_DASH = new RegExp(`(${VARIANT})(\\s*)[-:=](?=\\s*\\d)`, 'giu');
// module constants: esbuild rewrites a literal with \p{…} inside a function into `new RegExp` per call
const LETTER_THEN_COUNT = /(\p{L})\s(?=\s*\d)/gu;
const COUNT_THEN_LETTER = /(\d)\s(?=\s*\p{L})/gu;
/** Every run holds two counts with something between them: most lines have one count or none. */
const TWO_COUNTS = /\d\D+\d/;

/** Puts a comma between the pairs of each run (and a space for the dash inside "M-10"), keeping the length. */
export function separateVariantRuns(line: string): string {
  if (!TWO_COUNTS.test(line)) return line;
  return line.replace(RUN, (run) => {
    const spaced = run.replace(PAIR_DASH, (_m, v: string, gap: string) => `${v}${gap} `);
    // "6 medium 6 large" ends each pair on a word; "small 200 large 100" on a number
    return /^\d/.test(spaced) ? spaced.replace(LETTER_THEN_COUNT, '$1,') : spaced.replace(COUNT_THEN_LETTER, '$1,');
  });
}
