import { customerName, type CustomerContext } from './customer-context.js';
import { churnRiskOf, commitmentsOf, mailStatsOf, replyTimesOf } from './mail-facts.js';
import type { ThreadFacts } from './ports.js';
import type { ModelOutput, Scenario, StaffBrief } from './scenarios.js';

/**
 * An answer: facts computed from the data, plus the written part. Draft recipients come from the
 * CRM (the contact's address) or from the thread's last customer mail, never from model output.
 */
export function composeAnswer<S extends Scenario>(s: S, ctx: CustomerContext & { thread?: ThreadFacts }, brief: StaffBrief, out: ModelOutput<S>): Record<string, unknown> {
  const known = new Set(ctx.mail.map((m) => m.id));
  const customer = { name: customerName(ctx), ...(ctx.contact ? { contactId: ctx.contact.id } : {}), ...(ctx.company ? { companyId: ctx.company.id } : {}) };
  switch (s) {
    case 'proposal_draft': {
      const o = out as ModelOutput<'proposal_draft'>;
      const to = ctx.contact?.email ?? ctx.contacts.find((c) => c.email)?.email;
      return { customer, draft: { status: 'draft', to: to ? [to] : [], subject: o.subject, body: o.body, lines: brief.lines ?? [] } };
    }
    case 'follow_up_draft': {
      const o = out as ModelOutput<'follow_up_draft'>;
      const lastInbound = ctx.mail.find((m) => m.direction === 'inbound');
      return {
        customer, draft: {
          status: 'draft', to: lastInbound ? [lastInbound.from.address] : [], subject: o.subject, body: o.body,
          threadId: ctx.thread?.id, ...(lastInbound ? { inReplyTo: lastInbound.id } : {}),
        },
      };
    }
    case 'mail_analysis': {
      const o = out as ModelOutput<'mail_analysis'>;
      return {
        customer, messagesAnalysed: ctx.mail.length, sentiment: o.sentiment,
        // A reference to a mail the customer does not have is dropped, whoever wrote it.
        openQuestions: o.openQuestions.filter((q) => known.has(q.messageId)),
        commitments: o.commitments.filter((c) => known.has(c.messageId)),
      };
    }
    case 'thread_summary': {
      const o = out as ModelOutput<'thread_summary'>;
      return { thread: ctx.thread, summary: o.summary, keyPoints: o.keyPoints };
    }
    case 'call_prep': {
      const o = out as ModelOutput<'call_prep'>;
      const stats = mailStatsOf(ctx);
      return {
        customer, lastContactAt: ctx.mail[0]?.date ?? null, lastInboundAt: stats.lastInboundAt ?? null,
        recentTopics: [...new Set(ctx.mail.map((m) => m.subject))].slice(0, 5),
        openOrders: ctx.orders.filter((x) => x.status === 'awaiting_payment'),
        commitments: commitmentsOf(ctx.mail).slice(0, 5),
        talkingPoints: o.talkingPoints, openQuestions: o.openQuestions,
      };
    }
    case 'company_briefing': {
      const o = out as ModelOutput<'company_briefing'>;
      const paid = new Map<string, number>();
      for (const x of ctx.orders.filter((x) => x.status === 'paid')) paid.set(x.currency, (paid.get(x.currency) ?? 0) + x.total);
      return {
        customer,
        contacts: { count: ctx.contacts.length, decisionMakers: ctx.contacts.filter((c) => c.roles.includes('decision_maker')).map((c) => c.name) },
        relationship: mailStatsOf(ctx),
        orders: { count: ctx.orders.length, awaitingPayment: ctx.orders.filter((x) => x.status === 'awaiting_payment').length, paidTotals: Object.fromEntries(paid) },
        overview: o.overview, risks: o.risks, opportunities: o.opportunities,
      };
    }
    case 'smart_profile': {
      const o = out as ModelOutput<'smart_profile'>;
      const risk = churnRiskOf(ctx);
      return {
        customer, suggestedTags: o.suggestedTags, churnRisk: { ...risk, reasons: o.churnReasons },
        bestTimeToContact: replyTimesOf(ctx.mail), communicationStrategy: o.communicationStrategy,
      };
    }
  }
  return {};
}
