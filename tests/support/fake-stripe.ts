import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeHttpServer, listenLocal } from '../../infra/local/ports.js';

/** A Checkout Session as the fake keeps it (the fields the app and the tests read). */
export interface FakeSession {
  id: string;
  object: 'checkout.session';
  url: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  amount_total: number;
  currency: string;
  customer_email: string | null;
  expires_at: number;
  metadata: Record<string, string>;
  /** Set when the session is paid (Stripe creates the PaymentIntent then). */
  payment_intent: string | null;
  /** `payment_intent_data[metadata]`: copied onto the PaymentIntent, never onto its Charges. */
  intentMetadata: Record<string, string>;
  /** The `line_items[i][price_data]` as received: the exact amounts Stripe would charge, in its unit. */
  lineItems: { quantity: number; unitAmount: number; currency: string }[];
  success_url: string;
  cancel_url: string;
}

/** A PaymentIntent as the fake returns it. */
export interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: 'succeeded';
  metadata: Record<string, string>;
}

export interface FakeStripe {
  /** `http://127.0.0.1:<port>`: set as STRIPE_API_BASE. */
  readonly url: string;
  /** Every request: method, path and Idempotency-Key. */
  readonly calls: { method: string; path: string; idempotencyKey?: string }[];
  /** Sessions actually created (replays of a known key are not counted). */
  readonly created: FakeSession[];
  session(id: string): FakeSession | undefined;
  /** Drops every idempotency key, as Stripe does after ≥ 24 h (S9). */
  forgetKeys(): void;
  expire(id: string): void;
  /** Completes the session as paid and creates its PaymentIntent; returns the session. */
  pay(id: string): FakeSession;
  /** A fully refunded Charge of a paid session, as `charge.refunded` carries it: no metadata of ours. */
  refundedCharge(id: string): Record<string, unknown>;
  /** The next `n` session creates answer 400 (a refusal the SDK does not retry). */
  failCreates(n: number): void;
  stop(): Promise<void>;
}

const readForm = async (req: IncomingMessage): Promise<URLSearchParams> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${Date.now()}` });
  res.end(JSON.stringify(body));
};

function sessionFrom(form: URLSearchParams, seq: number): FakeSession {
  let total = 0;
  const lineItems: FakeSession['lineItems'] = [];
  for (let i = 0; form.has(`line_items[${i}][quantity]`); i++) {
    const item = {
      quantity: Number(form.get(`line_items[${i}][quantity]`)),
      unitAmount: Number(form.get(`line_items[${i}][price_data][unit_amount]`)),
      currency: form.get(`line_items[${i}][price_data][currency]`) ?? '',
    };
    lineItems.push(item);
    total += item.quantity * item.unitAmount;
  }
  const metadata: Record<string, string> = {};
  const intentMetadata: Record<string, string> = {};
  for (const [k, v] of form) {
    const m = /^metadata\[(.+)\]$/.exec(k);
    if (m) metadata[m[1]!] = v;
    const pi = /^payment_intent_data\[metadata\]\[(.+)\]$/.exec(k);
    if (pi) intentMetadata[pi[1]!] = v;
  }
  const id = `cs_test_fake${String(seq).padStart(6, '0')}${Math.random().toString(36).slice(2, 10)}`;
  return {
    id, object: 'checkout.session', url: `https://checkout.stripe.test/c/pay/${id}`, status: 'open', payment_status: 'unpaid',
    amount_total: total, currency: form.get('line_items[0][price_data][currency]') ?? 'usd', customer_email: form.get('customer_email'),
    expires_at: Math.floor(Date.now() / 1000) + 24 * 3600, metadata, payment_intent: null, intentMetadata, lineItems,
    success_url: form.get('success_url') ?? '', cancel_url: form.get('cancel_url') ?? '',
  };
}

/**
 * An HTTP fake of Stripe's Checkout Sessions API (create and retrieve) and PaymentIntents (retrieve) for tests: honours
 * Idempotency-Key like Stripe, counts creates, can forget keys and expire sessions.
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const byKey = new Map<string, FakeSession>();
  const sessions = new Map<string, FakeSession>();
  const intents = new Map<string, FakePaymentIntent>();
  const calls: FakeStripe['calls'] = [];
  const created: FakeSession[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').split('?')[0]!;
      const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
      calls.push({ method: req.method ?? '', path, ...(idempotencyKey ? { idempotencyKey } : {}) });
      if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_')) return send(res, 401, { error: { type: 'invalid_request_error', message: 'bad key' } });
      if (req.method === 'POST' && path === '/v1/checkout/sessions') {
        const form = await readForm(req);
        if (failures > 0) {
          failures--;
          return send(res, 400, { error: { type: 'invalid_request_error', message: 'injected refusal' } });
        }
        if (idempotencyKey && idempotencyKey.length > 255) return send(res, 400, { error: { type: 'idempotency_error', message: 'key too long' } });
        const known = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
        if (known) return send(res, 200, known);
        const session = sessionFrom(form, created.length + 1);
        sessions.set(session.id, session);
        created.push(session);
        if (idempotencyKey) byKey.set(idempotencyKey, session);
        return send(res, 200, session);
      }
      const get = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && get) {
        const s = sessions.get(decodeURIComponent(get[1]!));
        return s ? send(res, 200, s) : send(res, 404, { error: { type: 'invalid_request_error', message: 'No such checkout.session' } });
      }
      const intent = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && intent) {
        const pi = intents.get(decodeURIComponent(intent[1]!));
        return pi ? send(res, 200, pi) : send(res, 404, { error: { type: 'invalid_request_error', message: 'No such payment_intent' } });
      }
      return send(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method} ${path})` } });
    })().catch(() => send(res, 500, { error: { type: 'api_error' } }));
  });
  const port = await listenLocal(server, 0);
  return {
    url: `http://127.0.0.1:${port}`, calls, created,
    session: (id) => sessions.get(id),
    forgetKeys: () => byKey.clear(),
    failCreates: (n) => { failures = n; },
    expire: (id) => { const s = sessions.get(id); if (s) s.status = 'expired'; },
    pay: (id) => {
      const s = sessions.get(id);
      if (!s) throw new Error(`fake stripe: no session ${id}`);
      if (!s.payment_intent) {
        const pi: FakePaymentIntent = { id: `pi_fake${intents.size + 1}${s.id.slice(-8)}`, object: 'payment_intent', amount: s.amount_total, currency: s.currency, status: 'succeeded', metadata: { ...s.intentMetadata } };
        intents.set(pi.id, pi);
        Object.assign(s, { status: 'complete', payment_status: 'paid', payment_intent: pi.id });
      }
      return s;
    },
    refundedCharge: (id) => {
      const s = sessions.get(id);
      if (!s?.payment_intent) throw new Error(`fake stripe: session ${id} is not paid`);
      return { id: `ch_${s.payment_intent.slice(3)}`, object: 'charge', amount: s.amount_total, amount_refunded: s.amount_total, currency: s.currency, refunded: true, payment_intent: s.payment_intent, metadata: {} };
    },
    stop: () => closeHttpServer(server),
  };
}
