import { customerName, firstName, type CustomerContext } from '../../domain/assistant/customer-context.js';
import { churnRiskOf, commitmentsOf, lexiconSentiment, mailStatsOf, openQuestionsOf, replyTimesOf } from '../../domain/assistant/mail-facts.js';
import type { AssistantModel } from '../../domain/assistant/ports.js';
import { MODEL_OUTPUTS, type ModelOutput, type Scenario, type StaffBrief } from '../../domain/assistant/scenarios.js';
import { isCurrency } from '../../domain/money/currencies.js';
import { formatMoney } from '../../domain/money/format-money.js';
import { extractiveSummary } from './extractive-summary.js';

const money = (amount: number, currency: string) => (isCurrency(currency) ? formatMoney(amount, currency) : `${amount} ${currency}`);
const signOff = (b: StaffBrief) => `Best regards,\n${b.senderName ?? 'The team'}`;
const inboundTexts = (ctx: CustomerContext) => ctx.mail.filter((m) => m.direction === 'inbound').map((m) => m.text);
const day = (iso: string) => iso.slice(0, 10);

function proposal(ctx: CustomerContext, b: StaffBrief): ModelOutput<'proposal_draft'> {
  const topic = ctx.mail.find((m) => m.direction === 'inbound')?.subject;
  const lines = (b.lines ?? []).map((l) => `- ${l.quantity} × ${l.name} (${l.sku}) at ${money(l.unitAmount, l.currency)} each: ${money(l.unitAmount * l.quantity, l.currency)}`);
  const currencies = [...new Set((b.lines ?? []).map((l) => l.currency))];
  const total = currencies.length === 1 ? `\nTotal: ${money((b.lines ?? []).reduce((s, l) => s + l.unitAmount * l.quantity, 0), currencies[0] ?? '')}` : '';
  const body = [
    `Dear ${firstName(ctx.contact?.name ?? customerName(ctx))},`,
    `thank you for your interest${topic ? ` ("${topic}")` : ''}.${b.brief ? ` ${b.brief}` : ''}`,
    ...(lines.length ? [`Our proposal:\n${lines.join('\n')}${total}`] : []),
    'Please let me know if you have any questions or would like to adjust anything.',
    signOff(b),
  ].join('\n\n');
  return { subject: `Proposal for ${ctx.company?.name ?? customerName(ctx)}`.slice(0, 200), body: body.slice(0, 8000) };
}

function followUp(ctx: CustomerContext & { thread?: { subject: string } }, b: StaffBrief): ModelOutput<'follow_up_draft'> {
  const subject = ctx.thread?.subject ?? ctx.mail[0]?.subject ?? 'our conversation';
  const questions = openQuestionsOf(ctx.mail).map((q) => `- ${q.text}`);
  const ours = commitmentsOf(ctx.mail).filter((c) => c.by === 'us').map((c) => `- ${c.text}`);
  const body = [
    `Hi ${firstName(ctx.contact?.name ?? ctx.mail.find((m) => m.direction === 'inbound')?.from.name ?? customerName(ctx))},`,
    `I wanted to follow up on "${subject}".${b.brief ? ` ${b.brief}` : ''}`,
    ...(questions.length ? [`You asked:\n${questions.join('\n')}`] : []),
    ...(ours.length ? [`As promised:\n${ours.join('\n')}`] : []),
    signOff(b),
  ].join('\n\n');
  return { subject: (/^re:/i.test(subject) ? subject : `Re: ${subject}`).slice(0, 200), body };
}

function callPrep(ctx: CustomerContext): ModelOutput<'call_prep'> {
  const last = ctx.mail[0];
  const tone = lexiconSentiment(inboundTexts(ctx).slice(0, 5));
  const open = ctx.orders.filter((o) => o.status === 'awaiting_payment');
  const points = [
    ...(last ? [`Last contact on ${day(last.date)}: "${last.subject}"`] : ['No mail with this customer yet']),
    ...(open.length ? [`${open.length} order(s) awaiting payment: ${open.map((o) => money(o.total, o.currency)).join(', ')}`] : []),
    ...(tone.label !== 'neutral' ? [`Recent mail reads ${tone.label}`] : []),
    ...commitmentsOf(ctx.mail).slice(0, 3).map((c) => `${c.by === 'us' ? 'We promised' : 'They promised'}: ${c.text}`),
  ];
  return { talkingPoints: points.slice(0, 8), openQuestions: openQuestionsOf(ctx.mail).map((q) => q.text).slice(0, 10) };
}

function briefing(ctx: CustomerContext): ModelOutput<'company_briefing'> {
  const stats = mailStatsOf(ctx);
  const deciders = ctx.contacts.filter((c) => c.roles.includes('decision_maker')).map((c) => c.name);
  const paid = ctx.orders.filter((o) => o.status === 'paid');
  const overview = [
    `${customerName(ctx)} (${ctx.company?.tier ?? 'normal'} tier) has ${ctx.contacts.length} contact(s) in the CRM${deciders.length ? `, decision maker(s): ${deciders.join(', ')}` : ', no decision maker recorded'}.`,
    `${stats.messages} recent message(s), ${stats.inboundLast30Days} from the customer in the last 30 days${stats.lastInboundAt ? `, last on ${day(stats.lastInboundAt)}` : ''}.`,
    `${ctx.orders.length} order(s) linked to their mail, ${paid.length} paid.`,
  ].join(' ');
  const risk = churnRiskOf(ctx);
  const asksForPrice = inboundTexts(ctx).some((t) => /\b(?:quote|quotation|price|pricing|offer|angebot)\b/i.test(t));
  const opportunities = [
    ...(asksForPrice ? ['The customer asked about prices or a quote: send a proposal'] : []),
    ...(ctx.orders.some((o) => o.status === 'awaiting_payment') ? ['Orders are awaiting payment: follow up on them'] : []),
    ...(lexiconSentiment(inboundTexts(ctx)).label === 'positive' ? ['The tone is positive: a good moment to offer more'] : []),
  ];
  return { overview, risks: risk.signals.map((s) => s.signal).slice(0, 6), opportunities };
}

function profile(ctx: CustomerContext): ModelOutput<'smart_profile'> {
  const risk = churnRiskOf(ctx);
  const replies = replyTimesOf(ctx.mail);
  const tone = lexiconSentiment(inboundTexts(ctx));
  const priceTalk = inboundTexts(ctx).filter((t) => /\b(?:discount|cheaper|price|rabatt)\b/i.test(t)).length;
  const tags = [
    ...(ctx.orders.filter((o) => o.status === 'paid').length >= 2 ? ['repeat-buyer'] : []),
    ...(risk.level === 'high' ? ['at-risk'] : []),
    ...(tone.label === 'negative' ? ['needs-attention'] : tone.label === 'positive' ? ['happy'] : []),
    ...(replies.medianReplyHours !== undefined && replies.medianReplyHours <= 4 ? ['fast-responder'] : []),
    ...(priceTalk >= 2 ? ['price-sensitive'] : []),
    ...(ctx.contact?.roles.includes('decision_maker') ? ['decision-maker'] : []),
  ];
  const when = replies.bestTime ? ` Write on ${replies.bestTime.weekday}s around ${replies.bestTime.fromHourUtc}:00–${replies.bestTime.toHourUtc}:00 UTC, when they usually answer.` : '';
  const strategy = `${tone.label === 'negative' ? 'Acknowledge the problems they raised first and give concrete next steps.' : 'Keep the tone friendly and concise.'}`
    + `${replies.medianReplyHours !== undefined ? ` They usually reply within ${replies.medianReplyHours} hours.` : ''}${when}`
    + `${risk.level !== 'low' ? ' Check in personally soon.' : ''}`;
  return { suggestedTags: tags.slice(0, 8), communicationStrategy: strategy, churnReasons: risk.signals.map((s) => s.signal).slice(0, 5) };
}

function write<S extends Scenario>(s: S, ctx: CustomerContext & { thread?: { subject: string } }, b: StaffBrief): ModelOutput<S> {
  const texts = ctx.mail.map((m) => m.text);
  switch (s) {
    case 'proposal_draft': return proposal(ctx, b) as ModelOutput<S>;
    case 'follow_up_draft': return followUp(ctx, b) as ModelOutput<S>;
    case 'mail_analysis': return {
      sentiment: lexiconSentiment(inboundTexts(ctx)), openQuestions: openQuestionsOf(ctx.mail), commitments: commitmentsOf(ctx.mail),
    } as ModelOutput<S>;
    case 'thread_summary': {
      const oldestFirst = [...texts].reverse();
      const summary = extractiveSummary(oldestFirst, 3).join(' ') || (ctx.thread?.subject ?? 'No text in this thread.');
      return { summary, keyPoints: [...openQuestionsOf(ctx.mail).map((q) => `Open: ${q.text}`), ...commitmentsOf(ctx.mail).map((c) => `Promised by ${c.by}: ${c.text}`)].slice(0, 8) } as ModelOutput<S>;
    }
    case 'call_prep': return callPrep(ctx) as ModelOutput<S>;
    case 'company_briefing': return briefing(ctx) as ModelOutput<S>;
    default: return profile(ctx) as ModelOutput<S>;
  }
}

/**
 * The deterministic assistant for local runs, tests and deployments without a model: extractive
 * summaries, lexicon sentiment and template drafts from the same data a model would get. Its
 * answers are checked against the same schemas and marked offline by the use case.
 */
export function createOfflineAssistant(): AssistantModel {
  return {
    mode: 'offline', modelId: 'offline',
    async generate(s, _prompt, { ctx, brief }) {
      const output = MODEL_OUTPUTS[s].parse(write(s, ctx, brief)) as ModelOutput<typeof s>;
      return { output, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
    },
  };
}
