/**
 * The order-line reader on the independent corpus (tests/fixtures/order-corpus): each mail rendered
 * to MIME, read by the MIME adapter and by the draft endpoint's own body selection, then parsed.
 * Prints precision, recall and F1 over (sku, quantity) lines per class and overall for the tune and
 * frozen parts and the holdouts (holdout-2 to holdout-5), warnings, lines on non-order mail, and throughput on a 1,000-product catalog
 * (emails per CPU-second of this process, from process.cpuUsage, beside a baseline that only splits
 * the same mails into words; the median of alternating runs after a warm-up, with the load average
 * printed beside it, as the machine is shared).
 * Asserts nothing; tests/unit/domain/orders/order-corpus-floor.test.ts holds the floor.
 * Run: npx tsx tests/bench/parse-order-corpus.bench.ts [--misses]   (--misses: tune differences only)
 */
import { buildCatalogIndex } from '../../shared/domain/orders/parse-order-lines.js';
import { readOrderMail } from '../../shared/domain/orders/draft-from-message.js';
import { corpusCatalog, readCorpus, type ReadMail } from '../support/order-corpus.js';
import { formatScores, scoreSplit, tuneDifferences } from '../support/score-order-corpus.js';
import { availableParallelism, loadavg } from 'node:os';
import { paddedCatalog } from './padded-catalog.js';

const catalog = corpusCatalog();
const index = buildCatalogIndex(catalog);
const read = (m: ReadMail) => readOrderMail(m, index);
const tune = await readCorpus('tune');
const frozen = await readCorpus('frozen');
const holdout2 = await readCorpus('holdout-2');
const holdout3 = await readCorpus('holdout-3');
const holdout4 = await readCorpus('holdout-4');
const holdout5 = await readCorpus('holdout-5');

console.log(formatScores({ tune: scoreSplit(tune, read), frozen: scoreSplit(frozen, read), 'holdout-2': scoreSplit(holdout2, read), 'holdout-3': scoreSplit(holdout3, read), 'holdout-4': scoreSplit(holdout4, read), 'holdout-5': scoreSplit(holdout5, read) }));
if (process.argv.includes('--misses')) console.log(`\ntune differences:\n${tuneDifferences(tune, read).join('\n')}`);

const padded = paddedCatalog(catalog);
const buildStart = performance.now();
const bigIndex = buildCatalogIndex(padded);
const buildMs = performance.now() - buildStart;
const all = [...tune, ...frozen, ...holdout2, ...holdout3, ...holdout4, ...holdout5];
let sink = 0;

/** Mails handled per CPU-second of this process in one run of about `ms` of wall time. */
function perCpuSecond(ms: number, work: (m: ReadMail) => number): number {
  const cpuStart = process.cpuUsage();
  let done = 0;
  for (const wallStart = performance.now(); performance.now() - wallStart < ms;) {
    for (const m of all) sink += work(m);
    done += all.length;
  }
  const cpu = process.cpuUsage(cpuStart);
  return done / ((cpu.user + cpu.system) / 1e6);
}

// Process CPU time also counts the JIT's and GC's threads, and the machine is shared: warm up first,
// then alternate short runs of both tasks and take the median of each.
const split = (m: ReadMail): number => `${m.subject}\n${m.text}\n${m.html ?? ''}`.toLowerCase().split(/[^\p{L}\p{N}]+/u).length;
const parse = (m: ReadMail): number => readOrderMail(m, bigIndex).lines.length;
// warm up by CPU time, not wall time: on a busy machine 1.5 s of wall clock can be a fraction of that
for (const cpuStart = process.cpuUsage(); process.cpuUsage(cpuStart).user < 2_500_000;) for (const m of all) sink += parse(m) + split(m);
const runs: { baseline: number; ours: number }[] = [];
const loadBefore = loadavg()[0] as number;
for (let r = 0; r < 9; r++) runs.push({ baseline: perCpuSecond(200, split), ours: perCpuSecond(600, parse) });
const loadAfter = loadavg()[0] as number;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const baseline = median(runs.map((r) => r.baseline));
const ours = median(runs.map((r) => r.ours));
const rate = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(10);
console.log(`\nthroughput on ${padded.length} products (index built in ${buildMs.toFixed(1)} ms), ${all.length} mails:`);
console.log(`baseline: split into words ${rate(baseline)} emails per CPU-second`);
console.log(`readOrderMail              ${rate(ours)} emails per CPU-second   ${(ours / baseline).toFixed(3)} × baseline`);
console.log(`(median of ${runs.length} alternating runs; ours ranged ${rate(Math.min(...runs.map((r) => r.ours))).trim()}-${rate(Math.max(...runs.map((r) => r.ours))).trim()}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${availableParallelism()} cores)`);
if (sink === -1) console.log('unreachable');
