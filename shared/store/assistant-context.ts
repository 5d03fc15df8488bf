import { CONTEXT_LIMITS, type ContactFacts, type CustomerContext, type MailItem, type OrderFacts } from '../domain/assistant/customer-context.js';
import type { ContextSource } from '../domain/assistant/ports.js';
import type { Company } from '../domain/companies/company.js';
import type { Contact } from '../domain/contacts/contact.js';
import { NotFoundError } from '../domain/errors.js';
import { stripQuotedAndSignature } from '../domain/mail/strip-quoted.js';
import { readFullMail } from '../adapters/mime/full-mail.js';
import type { Blobs, MessageRecord } from '../domain/threads/ports.js';
import { createActivityStore } from './activity-store.js';
import { createCompanyStore } from './company-store.js';
import { createContactStore } from './contact-store.js';
import type { TableRef } from './dynamo.js';
import { createMessageStore } from './message-store.js';
import { createOrderStore } from './order-store.js';
import { loadMailVisibility } from './mail-visibility.js';
import { createThreadStore } from './thread-store.js';
import type { Viewer } from '../domain/rules/mail-privacy.js';

const contactFacts = (c: Contact): ContactFacts => ({
  id: c.id, name: c.name, ...(c.emails[0] ? { email: c.emails[0] } : {}), roles: c.roles, ...(c.level ? { level: c.level } : {}), tags: c.tags, status: c.status,
});
const companyFacts = (c: Company) => ({ id: c.id, name: c.name, tier: c.tier, domains: c.domains, tags: c.tags });

/** The customer context from the CRM and mail stores (and the parsed mail in S3 for long texts). */
export function createAssistantContext(t: TableRef, blobs: Blobs): ContextSource {
  const contacts = createContactStore(t);
  const companies = createCompanyStore(t);
  const activity = createActivityStore(t);
  const messages = createMessageStore(t);
  const threads = createThreadStore(t);
  const orders = createOrderStore(t);

  const fullText = async (m: MessageRecord): Promise<string> => {
    if (!m.textTruncated) return m.text;
    return (await readFullMail(blobs, m).catch(() => undefined))?.text ?? m.text;
  };
  const mailItems = async (spaceId: string, ids: readonly string[], viewer: Viewer): Promise<MailItem[]> => {
    const found = (await Promise.all(ids.map((id) => messages.findMessage(spaceId, id)))).filter((m): m is MessageRecord => !!m && !m.automated);
    const levels = await (await loadMailVisibility(t, spaceId, viewer)).ofThreads(found.map((m) => m.threadId));
    const kept = found.filter((m) => levels.get(m.threadId) === 'everything');
    return Promise.all(kept.map(async (m) => ({
      id: m.id, threadId: m.threadId, subject: m.subject, date: m.date, direction: m.direction, from: m.from,
      text: stripQuotedAndSignature(await fullText(m)).slice(0, CONTEXT_LIMITS.mailTextChars), ...(m.orderId ? { orderId: m.orderId } : {}),
    })));
  };
  const ordersOf = async (spaceId: string, mail: readonly MailItem[]): Promise<OrderFacts[]> => {
    const ids = [...new Set(mail.flatMap((m) => (m.orderId ? [m.orderId] : [])))];
    const found = await Promise.all(ids.map((id) => orders.getOrder(spaceId, id)));
    return found.flatMap((o) => (o ? [{ id: o.id, status: o.status, total: o.total, currency: o.currency, createdAt: o.createdAt }] : []));
  };
  const timeline = async (spaceId: string, kind: 'contact' | 'company', id: string, viewer: Viewer) =>
    mailItems(spaceId, (await activity.listActivity(spaceId, { kind, id }, CONTEXT_LIMITS.messages)).items.map((e) => e.messageId), viewer);
  const membersOf = async (spaceId: string, companyId: string) =>
    (await contacts.listContacts(spaceId, { companyId, sort: 'name', limit: 50 })).items.map(contactFacts);

  return {
    async forContact(spaceId, contactId, now, viewer): Promise<CustomerContext> {
      const contact = await contacts.getContact(spaceId, contactId);
      if (!contact || contact.mergedInto) throw new NotFoundError('contact', contactId);
      const company = contact.companyId ? await companies.getCompany(spaceId, contact.companyId) : undefined;
      const mail = await timeline(spaceId, 'contact', contactId, viewer);
      return { contact: contactFacts(contact), ...(company ? { company: companyFacts(company) } : {}), contacts: [], mail, orders: await ordersOf(spaceId, mail), now };
    },
    async forCompany(spaceId, companyId, now, viewer) {
      const company = await companies.getCompany(spaceId, companyId);
      if (!company || company.mergedInto) throw new NotFoundError('company', companyId);
      const mail = await timeline(spaceId, 'company', companyId, viewer);
      return { company: companyFacts(company), contacts: await membersOf(spaceId, companyId), mail, orders: await ordersOf(spaceId, mail), now };
    },
    async forThread(spaceId, threadId, now, viewer) {
      const thread = await threads.getThread(spaceId, threadId);
      const level = thread ? (await (await loadMailVisibility(t, spaceId, viewer)).ofThreads([threadId])).get(threadId) : 'none';
      if (!thread || level !== 'everything') throw new NotFoundError('thread', threadId);
      const members = await messages.listThreadMessages(spaceId, threadId, CONTEXT_LIMITS.threadMessages);
      const mail = (await mailItems(spaceId, members.map((m) => m.id), viewer)).sort((a, b) => (a.date < b.date ? 1 : -1));
      const contact = thread.contactIds[0] ? await contacts.getContact(spaceId, thread.contactIds[0]) : undefined;
      const company = thread.companyIds[0] ? await companies.getCompany(spaceId, thread.companyIds[0]) : undefined;
      return {
        ...(contact ? { contact: contactFacts(contact) } : {}), ...(company ? { company: companyFacts(company) } : {}), contacts: [],
        mail, orders: await ordersOf(spaceId, mail), now,
        thread: { id: thread.id, subject: thread.subject, messageCount: thread.messageCount, participants: thread.participants, lastMessageAt: thread.lastMessageAt },
      };
    },
  };
}
