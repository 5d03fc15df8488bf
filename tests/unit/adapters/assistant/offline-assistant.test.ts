import { describe, expect, it } from 'vitest';
import { createOfflineAssistant } from '../../../../shared/adapters/assistant/offline-assistant.js';
import type { CustomerContext } from '../../../../shared/domain/assistant/customer-context.js';
import { promptOf } from '../../../../shared/domain/assistant/prompts.js';
import type { Scenario, StaffBrief } from '../../../../shared/domain/assistant/scenarios.js';
import { aContext, aMailItem } from '../../domain/assistant/assistant-builders.js';

const offline = createOfflineAssistant();
const run = async (s: Scenario, ctx: CustomerContext, brief: StaffBrief = {}) => (await offline.generate(s, promptOf(s, ctx, brief), { ctx, brief })).output as Record<string, unknown>;

const thread = aContext({ mail: [
  aMailItem({ id: 'in2', date: '2026-05-03T10:00:00Z', text: 'Great, thank you. Could you also add 2 Small Red Gadgets to the same invoice? I will pay by Friday.' }),
  aMailItem({ id: 'out1', date: '2026-05-02T10:00:00Z', direction: 'outbound', text: 'Thanks for your order of 5 Large Black Widgets. We will send the invoice shortly.' }),
  aMailItem({ id: 'in1', date: '2026-05-01T10:00:00Z', text: 'Please bill me for 5 Large Black Widgets. Ship them to our Seattle office, same address as last time.' }),
] });

describe('offline assistant', () => {
  it('drafts a proposal from a template with catalog prices and a total', async () => {
    const out = await run('proposal_draft', thread, { brief: 'We can deliver within a week.', senderName: 'Sam', lines: [
      { sku: 'WID-L-BLK', name: 'Large Black Widget', quantity: 5, unitAmount: 1250, currency: 'USD' },
      { sku: 'GAD-S-RED', name: 'Small Red Gadget', quantity: 2, unitAmount: 899, currency: 'USD' },
    ] });

    expect(out.subject).toBe('Proposal for Northwind Traders');
    expect(out.body).toContain('Dear Jane,');
    expect(out.body).toContain('- 5 × Large Black Widget (WID-L-BLK) at $12.50 each: $62.50');
    expect(out.body).toContain('Total: $80.48');
    expect(out.body).toContain('We can deliver within a week.');
    expect(String(out.body).endsWith('Best regards,\nSam')).toBe(true);
  });

  it('drafts a follow-up that lists the open question and what we promised', async () => {
    const out = await run('follow_up_draft', thread);

    expect(out.subject).toBe('Re: Widgets');
    expect(out.body).toContain('You asked:\n- Could you also add 2 Small Red Gadgets to the same invoice?');
    expect(out.body).toContain('As promised:\n- We will send the invoice shortly.');
  });

  it('analyses mail with lexicon sentiment, open questions and commitments', async () => {
    const out = await run('mail_analysis', thread);

    expect(out.sentiment).toMatchObject({ label: 'positive' });
    expect(out.openQuestions).toEqual([{ text: 'Could you also add 2 Small Red Gadgets to the same invoice?', messageId: 'in2' }]);
    expect(out.commitments).toEqual([
      { text: 'I will pay by Friday.', by: 'customer', messageId: 'in2', due: 'friday' },
      { text: 'We will send the invoice shortly.', by: 'us', messageId: 'out1' },
    ]);
  });

  it('summarises a thread with sentences taken from the mail', async () => {
    const out = await run('thread_summary', thread);
    const sentences = thread.mail.flatMap((m) => m.text.split(/(?<=[.?!])\s+/));

    expect(String(out.summary).split(/(?<=[.?!])\s+/).every((s) => sentences.includes(s))).toBe(true);
    expect(out.keyPoints).toContain('Open: Could you also add 2 Small Red Gadgets to the same invoice?');
  });

  it('prepares a call, briefs on a company and profiles a customer from the same data', async () => {
    const company = aContext({ ...thread, contact: undefined, contacts: [{ id: 'c1', name: 'Jane Doe', roles: ['decision_maker'], tags: [], status: 'active' }],
      orders: [{ id: 'o1', status: 'awaiting_payment', total: 6250, currency: 'USD', createdAt: '2026-05-02T00:00:00Z' }] });

    const call = await run('call_prep', company);
    const brief = await run('company_briefing', company);
    const profile = await run('smart_profile', thread);

    expect(call.talkingPoints).toEqual([
      'Last contact on 2026-05-03: "Widgets"', '1 order(s) awaiting payment: $62.50', 'Recent mail reads positive',
      'They promised: I will pay by Friday.', 'We promised: We will send the invoice shortly.',
    ]);
    expect(brief.overview).toContain('decision maker(s): Jane Doe');
    expect(brief.opportunities).toContain('Orders are awaiting payment: follow up on them');
    expect(profile.suggestedTags).toEqual(['happy', 'decision-maker']);
    expect(profile.communicationStrategy).toContain('They usually reply within 24 hours.');
  });
});
