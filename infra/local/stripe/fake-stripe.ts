import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Stripe from 'stripe';
import { closeHttpServer, listenLocal, LOCAL_HOST } from '../ports.js';
import { checkoutPage } from './checkout-page.js';

/** A Checkout Session as Stripe's API returns it (the fields the app and the tests read). */
export interface FakeSession {
  id: string;
  object: 'checkout.session';
  url: string;
  mode: 'payment';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  amount_total: number;
  currency: string;
  customer_email: string | null;
  client_reference_id: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  /** Set when the session is paid (Stripe creates the PaymentIntent then). */
  payment_intent: string | null;
  success_url: string;
  cancel_url: string;
}

/** One `line_items[i]` as received: the exact amounts Stripe would charge, in its unit. */
export interface FakeLine {
  readonly name: string;
  readonly quantity: number;
  readonly unitAmount: number;
  readonly currency: string;
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

/** A Refund as the fake returns it (always `succeeded`, as card refunds usually are). */
export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string;
  status: 'succeeded';
  reason: string | null;
  metadata: Record<string, string>;
  created: number;
}

export interface FakeStripeOptions {
  /** Preferred port; a busy one falls back to a free one. @default 0 (any) */
  readonly port?: number;
  /** Where the hosted page's buttons deliver signed events, as a Stripe webhook endpoint would get them. */
  readonly webhook?: { readonly url: string; readonly secret: string };
  /** Keeps sessions, PaymentIntents and idempotency keys across restarts (npm start). */
  readonly stateFile?: string;
}

export interface FakeStripe {
  /** `http://127.0.0.1:<port>`: the SDK's STRIPE_API_BASE. */
  readonly url: string;
  /** Every API request: method, path and Idempotency-Key. */
  readonly calls: { method: string; path: string; idempotencyKey?: string }[];
  /** Sessions actually created by this process (replays of a known key are not counted). */
  readonly created: FakeSession[];
  /** Refunds actually created by this process (replays of a known key are not counted). */
  readonly refunds: FakeRefund[];
  /** Events sent to the webhook by API calls (expire, refunds) and the status each got back. */
  readonly deliveries: { type: string; status: number }[];
  /** Resolves once every event sent so far was answered. */
  delivered(): Promise<void>;
  session(id: string): FakeSession | undefined;
  /** The lines a session was created with (price_data as sent, in Stripe's units). */
  linesOf(id: string): readonly FakeLine[];
  /** Drops every idempotency key, as Stripe does after at least 24 h. */
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

interface Stored {
  readonly session: FakeSession;
  readonly lines: FakeLine[];
  /** `payment_intent_data[metadata]`: copied onto the PaymentIntent, never onto its Charges. */
  readonly intentMetadata: Record<string, string>;
}

interface State {
  readonly sessions: Map<string, Stored>;
  readonly intents: Map<string, FakePaymentIntent>;
  readonly byKey: Map<string, string>;
  /** Refunds by id, and idempotency key → refund id (refund keys are kept apart from session keys). */
  readonly refunds: Map<string, FakeRefund>;
  readonly refundKeys: Map<string, string>;
}

const ACTIONS = {
  pay: 'checkout.session.completed',
  expire: 'checkout.session.expired',
  refund: 'charge.refunded',
} as const;
type Action = keyof typeof ACTIONS;

/**
 * A local stand-in for Stripe's API: Checkout Sessions (create with Idempotency-Key, retrieve,
 * expire), PaymentIntents (retrieve), Refunds (create with Idempotency-Key), and a hosted checkout page whose buttons pay, expire or refund and
 * deliver the signed event to the webhook, as Stripe would; expiring a session and creating a refund
 * through the API deliver `checkout.session.expired` and `charge.refunded` the same way. The real Stripe adapter talks to it
 * through the SDK (`STRIPE_API_BASE`), so no local-only payment code ships in a function.
 */
export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const state = loadState(options.stateFile);
  const save = () => { if (options.stateFile !== undefined) saveState(options.stateFile, state); };
  const calls: FakeStripe['calls'] = [];
  const created: FakeSession[] = [];
  const refunds: FakeRefund[] = [];
  const deliveries: FakeStripe['deliveries'] = [];
  const inFlight: Promise<void>[] = [];
  let failures = 0;
  let base = '';

  const stored = (id: string): Stored => {
    const s = state.sessions.get(id);
    if (s === undefined) throw new Error(`fake stripe: no session ${id}`);
    return s;
  };
  const pay = (id: string): FakeSession => {
    const s = stored(id);
    if (s.session.payment_intent === null) {
      const pi: FakePaymentIntent = {
        id: `pi_fake${state.intents.size + 1}${id.slice(-8)}`, object: 'payment_intent', amount: s.session.amount_total,
        currency: s.session.currency, status: 'succeeded', metadata: { ...s.intentMetadata },
      };
      state.intents.set(pi.id, pi);
      Object.assign(s.session, { status: 'complete', payment_status: 'paid', payment_intent: pi.id });
      save();
    }
    return s.session;
  };
  const expire = (id: string): void => {
    const s = state.sessions.get(id);
    if (s !== undefined && s.session.status === 'open') { s.session.status = 'expired'; save(); }
  };
  const refundedCharge = (id: string): Record<string, unknown> => {
    const { session } = stored(id);
    if (session.payment_intent === null) throw new Error(`fake stripe: session ${id} is not paid`);
    return {
      id: `ch_${session.payment_intent.slice(3)}`, object: 'charge', amount: session.amount_total, amount_refunded: session.amount_total,
      currency: session.currency, refunded: true, payment_intent: session.payment_intent, metadata: {},
    };
  };

  const api = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    calls.push({ method: req.method ?? '', path, ...(idempotencyKey ? { idempotencyKey } : {}) });
    if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_')) return sendJson(res, 401, stripeError('invalid_request_error', 'Invalid API Key provided'));
    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      const form = new URLSearchParams((await readBody(req)).toString('utf8'));
      if (failures > 0) {
        failures--;
        return sendJson(res, 400, stripeError('invalid_request_error', 'injected refusal'));
      }
      if (idempotencyKey !== undefined && idempotencyKey.length > 255) return sendJson(res, 400, stripeError('idempotency_error', 'Idempotency-Key is too long'));
      const known = idempotencyKey !== undefined ? state.byKey.get(idempotencyKey) : undefined;
      if (known !== undefined) return sendJson(res, 200, stored(known).session);
      const record = sessionFrom(form, base);
      state.sessions.set(record.session.id, record);
      created.push(record.session);
      if (idempotencyKey !== undefined) state.byKey.set(idempotencyKey, record.session.id);
      save();
      return sendJson(res, 200, record.session);
    }
    const expiring = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path);
    if (req.method === 'POST' && expiring) {
      req.resume();
      const s = state.sessions.get(decodeURIComponent(expiring[1]!));
      if (s === undefined) return sendJson(res, 404, stripeError('invalid_request_error', 'No such checkout.session'));
      if (s.session.status !== 'open') {
        return sendJson(res, 400, stripeError('invalid_request_error', `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.session.status}".`));
      }
      expire(s.session.id);
      sendJson(res, 200, s.session);
      return send(eventOf('checkout.session.expired', s.session));
    }
    if (req.method === 'POST' && path === '/v1/refunds') return createRefund(req, res, idempotencyKey);
    const session = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && session) {
      const s = state.sessions.get(decodeURIComponent(session[1]!));
      return s ? sendJson(res, 200, s.session) : sendJson(res, 404, stripeError('invalid_request_error', 'No such checkout.session'));
    }
    const intent = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && intent) {
      const pi = state.intents.get(decodeURIComponent(intent[1]!));
      return pi ? sendJson(res, 200, pi) : sendJson(res, 404, stripeError('invalid_request_error', 'No such payment_intent'));
    }
    return sendJson(res, 404, stripeError('invalid_request_error', `Unrecognized request URL (${req.method} ${path})`));
  };

  /** Like Stripe: one refund per idempotency key, never more than the charge; `charge.refunded` follows. */
  const createRefund = async (req: IncomingMessage, res: ServerResponse, key: string | undefined): Promise<void> => {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const pi = state.intents.get(form.get('payment_intent') ?? '');
    if (pi === undefined) return sendJson(res, 400, stripeError('invalid_request_error', 'No such payment_intent'));
    const known = key === undefined ? undefined : state.refundKeys.get(key);
    if (known !== undefined) {
      const refund = state.refunds.get(known)!;
      if (refund.payment_intent !== pi.id || (form.has('amount') && Number(form.get('amount')) !== refund.amount)) {
        return sendJson(res, 400, stripeError('idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with.'));
      }
      return sendJson(res, 200, refund);
    }
    const refundedSoFar = [...state.refunds.values()].filter((r) => r.payment_intent === pi.id).reduce((sum, r) => sum + r.amount, 0);
    const amount = form.has('amount') ? Number(form.get('amount')) : pi.amount - refundedSoFar;
    if (!(amount > 0) || amount + refundedSoFar > pi.amount) {
      return sendJson(res, 400, stripeError('invalid_request_error', `Refund amount (${amount}) is greater than unrefunded amount on charge (${pi.amount - refundedSoFar})`));
    }
    const metadata: Record<string, string> = {};
    for (const [k, v] of form) { const m = /^metadata\[(.+)\]$/.exec(k); if (m) metadata[m[1]!] = v; }
    const refund: FakeRefund = {
      id: `re_${randomUUID().replace(/-/g, '').slice(0, 24)}`, object: 'refund', amount, currency: pi.currency, payment_intent: pi.id,
      charge: `ch_${pi.id.slice(3)}`, status: 'succeeded', reason: form.get('reason'), metadata, created: Math.floor(Date.now() / 1000),
    };
    state.refunds.set(refund.id, refund);
    if (key !== undefined) state.refundKeys.set(key, refund.id);
    refunds.push(refund);
    save();
    sendJson(res, 200, refund);
    const total = refundedSoFar + amount;
    // Stripe's Charge carries no metadata of ours: the webhook finds the order through the PaymentIntent.
    return send(eventOf('charge.refunded', {
      id: refund.charge, object: 'charge', amount: pi.amount, amount_refunded: total, currency: pi.currency, refunded: total === pi.amount,
      payment_intent: pi.id, metadata: {},
    }));
  };

  /** Delivers an event the way Stripe does: after the API call answered, signed, to the configured webhook. */
  const send = (event: Record<string, unknown>): void => {
    if (options.webhook === undefined) return;
    const type = String(event.type);
    inFlight.push(deliver(options.webhook, event).then((status) => { deliveries.push({ type, status }); }, () => { deliveries.push({ type, status: 0 }); }));
  };

  const hostedPage = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const [, , , id = '', action] = path.split('/');
    const s = state.sessions.get(decodeURIComponent(id));
    if (s === undefined) return sendHtml(res, 404, '<!doctype html><title>Not found</title><h1>No such checkout session</h1>');
    if (req.method === 'GET' && action === undefined) return sendHtml(res, 200, checkoutPage(pageOf(s)));
    if (req.method !== 'POST' || action === undefined || !(action in ACTIONS)) return sendHtml(res, 404, '<!doctype html><title>Not found</title><h1>No such action</h1>');
    req.resume();
    const event = perform(action as Action, s.session.id);
    const notice = event === undefined
      ? 'Nothing to do for this session in its current state.'
      : options.webhook === undefined
        ? `No webhook is configured; ${event.type} was not delivered.`
        : `The webhook answered ${await deliver(options.webhook, event)} to ${event.type}.`;
    sendHtml(res, 200, checkoutPage(pageOf(s), notice));
  };

  /** Changes the session as Stripe would for the button and returns the event it sends, if any. */
  const perform = (action: Action, id: string): Record<string, unknown> | undefined => {
    const { session } = stored(id);
    if (action === 'pay' && session.status === 'open') return eventOf('checkout.session.completed', pay(id));
    if (action === 'expire' && session.status === 'open') { expire(id); return eventOf('checkout.session.expired', session); }
    if (action === 'refund' && session.payment_status === 'paid') return eventOf('charge.refunded', refundedCharge(id));
    return undefined;
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    const work = path.startsWith('/c/pay/') ? hostedPage(req, res, path) : api(req, res, path);
    work.catch(() => { if (!res.headersSent) sendJson(res, 500, stripeError('api_error', 'fake stripe failed')); });
  });
  const port = await listenLocal(server, options.port ?? 0);
  base = `http://${LOCAL_HOST}:${port}`;
  return {
    url: base, calls, created, refunds, deliveries,
    delivered: async () => { while (inFlight.length > 0) await Promise.all(inFlight.splice(0)); },
    session: (id) => state.sessions.get(id)?.session,
    linesOf: (id) => stored(id).lines,
    forgetKeys: () => { state.byKey.clear(); save(); },
    failCreates: (n) => { failures = n; },
    expire, pay, refundedCharge,
    stop: () => closeHttpServer(server),
  };
}

function sessionFrom(form: URLSearchParams, base: string): Stored {
  const lines: FakeLine[] = [];
  for (let i = 0; form.has(`line_items[${i}][quantity]`); i++) {
    lines.push({
      name: form.get(`line_items[${i}][price_data][product_data][name]`) ?? '',
      quantity: Number(form.get(`line_items[${i}][quantity]`)),
      unitAmount: Number(form.get(`line_items[${i}][price_data][unit_amount]`)),
      currency: form.get(`line_items[${i}][price_data][currency]`) ?? '',
    });
  }
  const metadata: Record<string, string> = {};
  const intentMetadata: Record<string, string> = {};
  for (const [k, v] of form) {
    const m = /^metadata\[(.+)\]$/.exec(k);
    if (m) metadata[m[1]!] = v;
    const pi = /^payment_intent_data\[metadata\]\[(.+)\]$/.exec(k);
    if (pi) intentMetadata[pi[1]!] = v;
  }
  const id = `cs_test_${randomUUID().replace(/-/g, '')}`;
  const now = Math.floor(Date.now() / 1000);
  const session: FakeSession = {
    id, object: 'checkout.session', url: `${base}/c/pay/${id}`, mode: 'payment', status: 'open', payment_status: 'unpaid',
    amount_total: lines.reduce((sum, l) => sum + l.quantity * l.unitAmount, 0),
    currency: form.get('line_items[0][price_data][currency]') ?? 'usd', customer_email: form.get('customer_email'),
    client_reference_id: form.get('client_reference_id'), created: now, expires_at: now + 24 * 3600, livemode: false,
    metadata, payment_intent: null, success_url: form.get('success_url') ?? '', cancel_url: form.get('cancel_url') ?? '',
  };
  return { session, lines, intentMetadata };
}

const pageOf = ({ session, lines }: Stored) => ({
  id: session.id, status: session.status, paymentStatus: session.payment_status, amountTotal: session.amount_total,
  currency: session.currency, customerEmail: session.customer_email ?? '', orderId: session.metadata['orderId'] ?? '', lines,
});

const eventOf = (type: string, object: unknown): Record<string, unknown> => ({
  id: `evt_${randomUUID().replace(/-/g, '')}`, object: 'event', api_version: Stripe.API_VERSION, type,
  created: Math.floor(Date.now() / 1000), livemode: false, data: { object },
});

/** Posts the event signed like a Stripe webhook delivery; resolves the HTTP status. */
async function deliver(webhook: { url: string; secret: string }, event: Record<string, unknown>): Promise<number> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhook.secret });
  const res = await fetch(webhook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
  await res.arrayBuffer();
  return res.status;
}

function loadState(file: string | undefined): State {
  const empty: State = { sessions: new Map(), intents: new Map(), byKey: new Map(), refunds: new Map(), refundKeys: new Map() };
  if (file === undefined) return empty;
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return empty;
  }
  const saved = JSON.parse(raw) as {
    sessions: [string, Stored][]; intents: [string, FakePaymentIntent][]; byKey: [string, string][]; refunds?: [string, FakeRefund][]; refundKeys?: [string, string][];
  };
  return {
    sessions: new Map(saved.sessions), intents: new Map(saved.intents), byKey: new Map(saved.byKey),
    refunds: new Map(saved.refunds ?? []), refundKeys: new Map(saved.refundKeys ?? []),
  };
}

function saveState(file: string, state: State): void {
  writeFileSync(file, JSON.stringify({
    sessions: [...state.sessions], intents: [...state.intents], byKey: [...state.byKey], refunds: [...state.refunds], refundKeys: [...state.refundKeys],
  }), { mode: 0o600 });
}

const stripeError = (type: string, message: string) => ({ error: { type, message } });

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID().slice(0, 14)}` });
  res.end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
