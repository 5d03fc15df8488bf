/**
 * POST /messages/{id}/draft-order on the local stack: p50/p95 through the real gateway (JWT check,
 * payload v2 event, handler, DynamoDB Local), against the gateway's cheapest route (GET
 * /openapi.json, cached) as the baseline. Catalog of BENCH_PRODUCTS products (default 1,000).
 * Printed, never asserted. Run: `npx tsx tests/bench/draft-order.bench.ts`.
 */
import { performance } from 'node:perf_hooks';
import { startLocalStack } from '../../infra/local/local-stack.js';
import type { MessageRecord } from '../../shared/domain/threads/ports.js';
import { defaultTable } from '../../shared/store/dynamo.js';
import { batchPut } from './draft-order-seed.js';
import { createMessageStore } from '../../shared/store/message-store.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Measure the endpoint, not the per-Space rate limit (60 drafts a minute).
process.env.RATE_LIMIT_SCALE ??= '1000';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 1_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WARMUP = 20;
const SPACE = 'bench-space';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

async function timed(runs: number, call: () => Promise<Response>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs + WARMUP; i++) {
    const started = performance.now();
    const res = await call();
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`unexpected ${res.status}`);
    if (i >= WARMUP) samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

async function seedMessage(): Promise<string> {
  const now = new Date().toISOString();
  const id = 'bench-msg-1';
  const record: MessageRecord = {
    spaceId: SPACE, id, messageId: '<bench-1@customer.example>', threadId: 'bench-thread', mailboxId: 'mbx', direction: 'inbound',
    from: { address: 'buyer@customer.example' }, to: [{ address: 'sales@shop.example' }], cc: [], replyTo: [],
    subject: 'Order for next week', date: now, snippet: '', hasHtml: false, attachments: [], parseStatus: 'parsed',
    text: 'Hi,\nplease bill me for 5 Large Black Widgets, 3 x Product 17 and twelve Product 250.\nAlso 2 of SKU-0042.\n\nThanks,\nJane',
    contactIds: [], companyIds: [], rawKey: 'raw/bench', folderRole: 'inbox', createdAt: now, parsedKey: 'parsed/bench', contentSha256: 'x', participants: [],
  };
  await createMessageStore(defaultTable()).createMessage(record);
  return id;
}

async function main() {
  const stack = await startLocalStack({ persistent: false, pollers: false, scheduler: false });
  try {
    const t = defaultTable();
    await batchPut(t, SPACE, PRODUCTS);
    const messageId = await seedMessage();
    const token = await stack.mintToken({ spaceId: SPACE, role: 'staff', sub: 'bench' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const baseline = await timed(RUNS, () => fetch(`${stack.apiUrl}/openapi.json`, { headers }));
    const draft = await timed(RUNS, () => fetch(`${stack.apiUrl}/messages/${messageId}/draft-order`, { method: 'POST', headers, body: '{}' }));
    const sample = await (await fetch(`${stack.apiUrl}/messages/${messageId}/draft-order`, { method: 'POST', headers, body: '{}' })).json() as { lines: unknown[] };
    const row = (name: string, s: number[]) => `${name.padEnd(40)} p50 ${percentile(s, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(s, 95).toFixed(2).padStart(7)} ms`;
    console.log(`draft-order on the local stack: ${PRODUCTS} products, ${RUNS} runs each, ${sample.lines.length} lines drafted`);
    console.log(row('baseline GET /openapi.json', baseline));
    console.log(row('POST /messages/{id}/draft-order', draft));
    console.log(`ratio p95 draft ÷ baseline: ${(percentile(draft, 95) / percentile(baseline, 95)).toFixed(2)}×`);
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
