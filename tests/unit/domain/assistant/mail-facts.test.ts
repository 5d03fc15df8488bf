import { describe, expect, it } from 'vitest';
import {
  churnRiskOf, commitmentsOf, lexiconSentiment, openQuestionsOf, replyTimesOf,
} from '../../../../shared/domain/assistant/mail-facts.js';
import { aContext, aMailItem } from './assistant-builders.js';

describe('mail facts', () => {
  it('scores sentiment from the word list, with negation flipping a word', () => {
    expect(lexiconSentiment(['Great service, thank you, we are very happy!'])).toMatchObject({ label: 'positive' });
    expect(lexiconSentiment(['The parcel arrived late and damaged. This is unacceptable.'])).toMatchObject({ label: 'negative' });
    expect(lexiconSentiment(['We are not happy with the delay.']).score).toBeLessThan(0);
    expect(lexiconSentiment(['Please send the invoice.'])).toEqual({ label: 'neutral', score: 0 });
  });

  it('finds questions the customer asked that no later mail of ours answered', () => {
    const asked = aMailItem({ id: 'a', threadId: 't1', date: '2026-05-01T09:00:00Z', text: 'Do you ship to Canada? We need 40 widgets.' });
    const answered = aMailItem({ id: 'b', threadId: 't2', date: '2026-05-01T09:00:00Z', text: 'Is there a discount?' });
    const reply = aMailItem({ id: 'c', threadId: 't2', date: '2026-05-01T10:00:00Z', direction: 'outbound', text: 'Yes, 5%.' });

    expect(openQuestionsOf([reply, answered, asked])).toEqual([{ text: 'Do you ship to Canada?', messageId: 'a' }]);
  });

  it('finds commitments by us and by the customer, with a due phrase', () => {
    const mail = [
      aMailItem({ id: 'o', direction: 'outbound', text: 'We will send the invoice by Friday.' }),
      aMailItem({ id: 'i', text: 'I will confirm the quantities tomorrow. Can you help?' }),
    ];

    expect(commitmentsOf(mail)).toEqual([
      { text: 'We will send the invoice by Friday.', by: 'us', messageId: 'o', due: 'friday' },
      { text: 'I will confirm the quantities tomorrow.', by: 'customer', messageId: 'i', due: 'tomorrow' },
    ]);
  });

  it('finds the best time to contact from when the customer replied to our mail', () => {
    const mail = ['2026-05-04', '2026-05-11', '2026-05-18'].flatMap((d, i) => [
      aMailItem({ id: `out${i}`, threadId: `t${i}`, direction: 'outbound', date: `${d}T08:00:00.000Z` }),
      aMailItem({ id: `in${i}`, threadId: `t${i}`, date: `${d}T14:${10 + i}:00.000Z` }),
    ]);

    expect(replyTimesOf(mail)).toEqual({ replies: 3, medianReplyHours: 6.2, bestTime: { weekday: 'Monday', fromHourUtc: 13, toHourUtc: 15 } });
    expect(replyTimesOf(mail.slice(0, 2))).toEqual({ replies: 1, medianReplyHours: 6.2 });
  });

  it('rates churn risk from silence, tone, open questions and failed orders, naming each signal', () => {
    const quiet = aContext({ mail: [aMailItem({ date: '2026-01-01T00:00:00Z', text: 'Still waiting? This is unacceptable, the order is broken.' })],
      orders: [{ id: 'o1', status: 'expired', total: 100, currency: 'EUR', createdAt: '2026-01-01T00:00:00Z' }] });
    const happy = aContext({ mail: [aMailItem({ date: '2026-05-09T00:00:00Z', text: 'Thanks, great work!' })] });

    const risk = churnRiskOf(quiet);

    expect(risk.level).toBe('high');
    expect(risk.signals.map((s) => s.signal)).toEqual([
      'no mail from the customer for over 90 days', 'recent mail reads negative', '1 customer question(s) unanswered for over 3 days', '1 order(s) failed or expired',
    ]);
    expect(churnRiskOf(happy)).toEqual({ level: 'low', score: 0, signals: [] });
  });
});
