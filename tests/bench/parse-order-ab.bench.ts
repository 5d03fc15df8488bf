/**
 * Same-process A/B of the order parser: a copy of shared/domain/orders from another commit against
 * the working tree's, on every corpus part and the 1,000-product catalog. On a shared machine two
 * benchmark runs minutes apart differ by more than most speed changes; passes alternating in one
 * process see the same load. Prints, per part, whether both parsers gave the same output on every
 * mail (aggregate only: no mail of a scored part is shown), then emails per CPU-second of each and
 * the new/old ratio (total and median of the per-pass ratios). Asserts nothing.
 * The copy must sit beside the real one so its relative imports resolve (the rest of shared/ is shared):
 *   mkdir -p shared/domain/orders-ab && git archive <commit> shared/domain/orders | tar -x --strip-components=3 -C shared/domain/orders-ab
 *   npx tsx tests/bench/parse-order-ab.bench.ts shared/domain/orders-ab [passes]
 * and delete the copy afterwards (it is not part of the project).
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as current from '../../shared/domain/orders/parse-order-lines.js';
import { corpusCatalog, readCorpus, type ReadMail, type Split } from '../support/order-corpus.js';
import { paddedCatalog } from './padded-catalog.js';

type Parser = Pick<typeof current, 'buildCatalogIndex' | 'parseOrderLines'>;

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: parse-order-ab.bench.ts <copy of shared/domain/orders> [passes]');
const passes = Number(process.argv[3] ?? 60);
const old = (await import(pathToFileURL(resolve(dir, 'parse-order-lines.ts')).href)) as Parser;

const catalog = corpusCatalog();
const padded = paddedCatalog(catalog);
const sides = [old, current].map((p) => ({ parse: p.parseOrderLines, small: p.buildCatalogIndex(catalog), big: p.buildCatalogIndex(padded) }));
type Side = (typeof sides)[number];
const input = (m: ReadMail) => ({ subject: m.subject, text: m.text, ...(m.html === undefined ? {} : { html: m.html }) });

const all: ReadMail[] = [];
for (const split of ['tune', 'frozen', 'holdout-2', 'holdout-3', 'holdout-4', 'holdout-5'] as Split[]) {
  const mails = await readCorpus(split);
  all.push(...mails);
  const digest = (s: Side): string => {
    const hash = createHash('sha256');
    for (const m of mails) hash.update(JSON.stringify([s.parse(input(m), s.small), s.parse(input(m), s.big)]));
    return hash.digest('hex');
  };
  console.log(`${split.padEnd(10)} ${mails.length} mails: ${digest(sides[0] as Side) === digest(sides[1] as Side) ? 'same output on every mail' : 'OUTPUT DIFFERS'}`);
}

let sink = 0;
const pass = (s: Side): number => {
  const start = process.cpuUsage();
  for (const m of all) sink += s.parse(input(m), s.big).lines.length;
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const [a, b] = sides as [Side, Side];
for (const start = process.cpuUsage(); process.cpuUsage(start).user < 3_000_000;) sink += pass(a) + pass(b);
let oldTotal = 0;
let newTotal = 0;
const ratios: number[] = [];
for (let i = 0; i < passes; i++) {
  // alternate which side goes first, so neither always runs right after the other's garbage
  const [x, y] = i % 2 === 0 ? [pass(a), pass(b)] : [0, pass(b)];
  const oldCpu = i % 2 === 0 ? x : pass(a);
  oldTotal += oldCpu;
  newTotal += y;
  ratios.push(oldCpu / y);
}
ratios.sort((p, q) => p - q);
const rate = (cpu: number): string => Math.round((all.length * passes) / cpu).toLocaleString('en-US');
console.log(`old ${rate(oldTotal)}, new ${rate(newTotal)} emails per CPU-second over ${passes} alternating passes of ${all.length} mails`);
console.log(`new/old speed ${(oldTotal / newTotal).toFixed(3)} × (median of the passes ${(ratios[passes >> 1] as number).toFixed(3)} ×), load average ${(loadavg()[0] as number).toFixed(1)}`);
if (sink === -1) console.log('unreachable');
