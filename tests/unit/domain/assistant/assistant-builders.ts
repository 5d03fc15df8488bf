import type { CustomerContext, MailItem } from '../../../../shared/domain/assistant/customer-context.js';

let n = 0;
/** One mail of a customer context, inbound from Jane unless told otherwise. */
export const aMailItem = (over: Partial<MailItem> = {}): MailItem => ({
  id: `m${++n}`, threadId: 't1', subject: 'Widgets', date: '2026-05-01T09:00:00.000Z', direction: 'inbound',
  from: { address: 'jane@northwind.example', name: 'Jane Doe' }, text: 'Hello.', ...over,
});

/** A contact's context: Jane at Northwind, with the given mail (newest first) and orders. */
export const aContext = (over: Partial<CustomerContext> = {}): CustomerContext => ({
  contact: { id: 'c1', name: 'Jane Doe', email: 'jane@northwind.example', roles: ['decision_maker'], tags: [], status: 'active' },
  company: { id: 'k1', name: 'Northwind Traders', tier: 'vip', domains: ['northwind.example'], tags: [] },
  contacts: [], mail: [], orders: [], now: '2026-05-10T12:00:00.000Z', ...over,
});
