import type { CustomerContext, MailItem } from './customer-context.js';

/*
 * Facts about a customer's mail, computed by code: both adapters rely on them and no model output
 * can change them. The lexicon and patterns are small and English-first (with a few German and
 * French words); they are a deterministic baseline, not a language model.
 */

const DAY_MS = 86_400_000;
const POSITIVE = new Set(['thanks', 'thank', 'great', 'good', 'excellent', 'happy', 'pleased', 'perfect', 'love', 'appreciate',
  'wonderful', 'glad', 'helpful', 'fantastic', 'satisfied', 'quick', 'fast', 'reliable', 'recommend', 'danke', 'super', 'merci']);
const NEGATIVE = new Set(['problem', 'issue', 'broken', 'late', 'delay', 'delayed', 'disappointed', 'unhappy', 'bad', 'poor', 'wrong',
  'damaged', 'complaint', 'cancel', 'refund', 'angry', 'frustrated', 'unacceptable', 'missing', 'error', 'worse', 'worst', 'slow',
  'terrible', 'awful', 'mistake', 'never', 'fehler', 'leider', 'problème']);
const NEGATORS = new Set(['not', 'no', "don't", "didn't", "isn't", "wasn't", 'never', 'nicht', 'kein', 'pas']);

/**
 * Sentences of a text, trimmed, at most 400 characters each. A blank line ends a sentence; a single
 * line break does not, since plain-text mail is often wrapped mid-sentence.
 */
export const sentencesOf = (text: string): string[] =>
  text.split(/\n\s*\n/).flatMap((p) => p.replace(/\s*\n\s*/g, ' ').split(/(?<=[.!?])\s+/))
    .map((s) => s.trim().slice(0, 400)).filter((s) => s.length > 1);

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}']+/gu) ?? [];

/** Lexicon sentiment of some texts: score in [-1, 1] (negation flips the next word), and its label. */
export function lexiconSentiment(texts: readonly string[]): { label: 'positive' | 'neutral' | 'negative'; score: number } {
  let balance = 0;
  let hits = 0;
  for (const text of texts) {
    const words = wordsOf(text);
    words.forEach((w, i) => {
      const sign = POSITIVE.has(w) ? 1 : NEGATIVE.has(w) ? -1 : 0;
      if (sign === 0) return;
      const negated = NEGATORS.has(words[i - 1] ?? '') || NEGATORS.has(words[i - 2] ?? '');
      balance += negated ? -sign : sign;
      hits++;
    });
  }
  const score = hits === 0 ? 0 : Math.round(Math.tanh(balance / 3) * 100) / 100;
  return { label: score > 0.2 ? 'positive' : score < -0.2 ? 'negative' : 'neutral', score };
}

/** Mail of one thread, oldest first. */
const byThread = (mail: readonly MailItem[]): Map<string, MailItem[]> => {
  const threads = new Map<string, MailItem[]>();
  for (const m of [...mail].sort((a, b) => (a.date < b.date ? -1 : 1))) threads.set(m.threadId, [...(threads.get(m.threadId) ?? []), m]);
  return threads;
};

/** Questions the customer asked that no later mail of ours in the same thread followed. */
export function openQuestionsOf(mail: readonly MailItem[]): { text: string; messageId: string }[] {
  const out: { text: string; messageId: string }[] = [];
  for (const thread of byThread(mail).values()) {
    thread.forEach((m, i) => {
      if (m.direction !== 'inbound' || thread.slice(i + 1).some((later) => later.direction === 'outbound')) return;
      for (const s of sentencesOf(m.text)) if (s.endsWith('?')) out.push({ text: s, messageId: m.id });
    });
  }
  return out.slice(0, 20);
}

const PROMISE = /\b(?:we(?:'ll| will| shall)|i(?:'ll| will)|we can|i can|will (?:send|ship|deliver|call|confirm|get back|pay|order)|(?:i|we) promise|guarantee)\b/i;
const DUE = /\b(?:by|before|until|on)\s+((?:next\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month)|tomorrow|today|end of (?:the )?(?:day|week|month)|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+\p{L}+)\b|\b(tomorrow|next week|this week)\b/iu;

/** Promises in the mail: ours (outbound) and the customer's (inbound), with a due phrase when one is given. */
export function commitmentsOf(mail: readonly MailItem[]): { text: string; by: 'us' | 'customer'; messageId: string; due?: string }[] {
  const out: { text: string; by: 'us' | 'customer'; messageId: string; due?: string }[] = [];
  for (const m of mail) {
    for (const s of sentencesOf(m.text)) {
      if (!PROMISE.test(s) || s.endsWith('?')) continue;
      const due = DUE.exec(s);
      out.push({ text: s, by: m.direction === 'outbound' ? 'us' : 'customer', messageId: m.id, ...(due ? { due: (due[1] ?? due[2] ?? '').toLowerCase() } : {}) });
    }
  }
  return out.slice(0, 20);
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export interface ReplyTimes {
  /** Customer replies that followed a mail of ours in the same thread. */
  readonly replies: number;
  readonly medianReplyHours?: number;
  /** When the customer answers most: the weekday and the two-hour UTC window with most replies. */
  readonly bestTime?: { readonly weekday: string; readonly fromHourUtc: number; readonly toHourUtc: number };
}

/** Best time to contact, from when and how fast the customer answered our mail (at least 3 replies). */
export function replyTimesOf(mail: readonly MailItem[]): ReplyTimes {
  const replies: { at: Date; hours: number }[] = [];
  for (const thread of byThread(mail).values()) {
    thread.forEach((m, i) => {
      const previous = thread[i - 1];
      if (m.direction === 'inbound' && previous?.direction === 'outbound') {
        replies.push({ at: new Date(m.date), hours: (Date.parse(m.date) - Date.parse(previous.date)) / 3_600_000 });
      }
    });
  }
  if (replies.length === 0) return { replies: 0 };
  const sorted = replies.map((r) => r.hours).sort((a, b) => a - b);
  const medianReplyHours = Math.round((sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) * 10) / 10;
  if (replies.length < 3) return { replies: replies.length, medianReplyHours };
  const count = (pick: (d: Date) => number, size: number) => {
    const buckets = new Array<number>(size).fill(0);
    for (const r of replies) buckets[pick(r.at)] = (buckets[pick(r.at)] ?? 0) + 1;
    return buckets;
  };
  const days = count((d) => d.getUTCDay(), 7);
  const hours = count((d) => d.getUTCHours(), 24);
  const weekday = days.indexOf(Math.max(...days));
  const windows = hours.map((n, h) => n + (hours[(h + 1) % 24] ?? 0));
  const from = windows.indexOf(Math.max(...windows));
  return { replies: replies.length, medianReplyHours, bestTime: { weekday: WEEKDAYS[weekday] ?? 'Monday', fromHourUtc: from, toHourUtc: (from + 2) % 24 } };
}

export interface MailStats {
  readonly messages: number;
  readonly inbound: number;
  readonly lastInboundAt?: string;
  readonly lastOutboundAt?: string;
  readonly inboundLast30Days: number;
  readonly inboundPrevious60Days: number;
}

export function mailStatsOf(ctx: Pick<CustomerContext, 'mail' | 'now'>): MailStats {
  const now = Date.parse(ctx.now);
  const inbound = ctx.mail.filter((m) => m.direction === 'inbound');
  const age = (m: MailItem) => (now - Date.parse(m.date)) / DAY_MS;
  return {
    messages: ctx.mail.length, inbound: inbound.length,
    ...(inbound[0] ? { lastInboundAt: inbound[0].date } : {}),
    ...(ctx.mail.find((m) => m.direction === 'outbound') ? { lastOutboundAt: ctx.mail.find((m) => m.direction === 'outbound')?.date } : {}),
    inboundLast30Days: inbound.filter((m) => age(m) <= 30).length,
    inboundPrevious60Days: inbound.filter((m) => age(m) > 30 && age(m) <= 90).length,
  };
}

export interface ChurnRisk {
  readonly level: 'low' | 'medium' | 'high';
  /** 0 (no sign of churn) to 1. */
  readonly score: number;
  /** The signals that raised it, each with its weight. */
  readonly signals: readonly { readonly signal: string; readonly weight: number }[];
}

/**
 * Churn risk from recency (no mail from the customer for 45 / 90 days), falling mail volume,
 * negative tone, questions we left open, and orders that failed or expired.
 */
export function churnRiskOf(ctx: CustomerContext): ChurnRisk {
  const stats = mailStatsOf(ctx);
  const now = Date.parse(ctx.now);
  const signals: { signal: string; weight: number }[] = [];
  const silentDays = stats.lastInboundAt ? (now - Date.parse(stats.lastInboundAt)) / DAY_MS : Infinity;
  if (silentDays > 90) signals.push({ signal: 'no mail from the customer for over 90 days', weight: 0.4 });
  else if (silentDays > 45) signals.push({ signal: 'no mail from the customer for over 45 days', weight: 0.2 });
  if (stats.inboundPrevious60Days >= 2 && stats.inboundLast30Days * 2 < stats.inboundPrevious60Days / 2) {
    signals.push({ signal: 'mail from the customer is falling off', weight: 0.15 });
  }
  const tone = lexiconSentiment(ctx.mail.filter((m) => m.direction === 'inbound').slice(0, 5).map((m) => m.text));
  if (tone.label === 'negative') signals.push({ signal: 'recent mail reads negative', weight: 0.25 });
  const open = openQuestionsOf(ctx.mail).filter((q) => {
    const asked = ctx.mail.find((m) => m.id === q.messageId);
    return asked && (now - Date.parse(asked.date)) / DAY_MS > 3;
  });
  if (open.length > 0) signals.push({ signal: `${open.length} customer question(s) unanswered for over 3 days`, weight: 0.1 });
  const failed = ctx.orders.filter((o) => o.status === 'payment_failed' || o.status === 'expired').length;
  if (failed > 0) signals.push({ signal: `${failed} order(s) failed or expired`, weight: 0.1 });
  const score = Math.min(1, Math.round(signals.reduce((s, x) => s + x.weight, 0) * 100) / 100);
  return { level: score >= 0.5 ? 'high' : score >= 0.25 ? 'medium' : 'low', score, signals };
}
