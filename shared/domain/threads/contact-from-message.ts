import type { Actor, Runtime } from '../audit/audit-entry.js';
import { captureName } from '../contacts/capture-name.js';
import { createCapturedContact, type CapturedContactDeps } from '../contacts/create-captured-contact.js';
import { isFreeMailDomain } from '../mail/free-mail-domains.js';
import { emailDomain, normalizeEmail } from '../mail/match-addresses.js';
import { NotFoundError } from '../errors.js';
import { linkByHand, type ManualLinkDeps } from './manual-link.js';
import type { MessageRecord } from './ports.js';

/**
 * Makes a contact of a message's sender (display name, address, company of a non-free-mail domain,
 * found or created) and links the message to it and its company by hand. A sender who is a contact
 * already is linked as is. @throws NotFoundError when the message has no sender address.
 */
export async function contactFromMessage(deps: { crm: CapturedContactDeps; links: ManualLinkDeps }, rt: Runtime, actor: Actor, message: MessageRecord) {
  const address = normalizeEmail(message.from.address);
  if (!address.includes('@')) throw new NotFoundError('sender', message.id);
  const known = await deps.crm.contacts.findContactByEmail(actor.spaceId, address);
  const domain = emailDomain(address);
  const contact = await createCapturedContact(deps.crm, actor, {
    address, name: captureName(message.from.name ?? '', address), ...(isFreeMailDomain(domain) ? {} : { companyDomain: domain }),
  }, { messageId: message.id, threadId: message.threadId, subject: message.subject, date: message.date, direction: message.direction, via: 'manual' });
  const link = (kind: 'contact' | 'company', id: string) =>
    linkByHand(deps.links, rt, actor, { threadId: message.threadId, messageIds: [message.id], owner: { kind, id } });
  await link('contact', contact.id);
  if (contact.companyId) await link('company', contact.companyId);
  return { contactId: contact.id, companyId: contact.companyId ?? null, messageId: message.id, created: !known };
}
