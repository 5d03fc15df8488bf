import { ValidationError, type FieldIssue } from '../errors.js';
import type { WorkspaceLookup } from './ports.js';

export interface Links {
  readonly contactIds?: readonly string[];
  readonly companyIds?: readonly string[];
  readonly orderId?: string;
  readonly threadId?: string;
  readonly orderIds?: readonly string[];
  readonly threadIds?: readonly string[];
  /** Staff user ids with the pointer they came from (`ownerId`, `staffIds/0`, `mentions/1`). */
  readonly staff?: readonly { readonly id: string; readonly pointer: string }[];
}

/**
 * Checks that every linked record is a live one of the Space and returns the companies the record
 * lands on: the ones named plus the companies of the named contacts, so a call with a contact also
 * shows on the timeline of the contact's company.
 * @throws ValidationError naming each unknown id's field
 */
export async function checkLinks(lookup: WorkspaceLookup, spaceId: string, links: Links): Promise<{ companyIds: string[] }> {
  const contactIds = links.contactIds ?? [];
  const companyIds = links.companyIds ?? [];
  const staff = links.staff ?? [];
  const [contactCompanies, companies, order, thread, staffKnown, orders, threads] = await Promise.all([
    lookup.contactCompanies(spaceId, contactIds),
    lookup.companiesExist(spaceId, companyIds),
    links.orderId ? lookup.orderExists(spaceId, links.orderId) : true,
    links.threadId ? lookup.threadExists(spaceId, links.threadId) : true,
    lookup.staffExist(spaceId, staff.map((s) => s.id)),
    Promise.all((links.orderIds ?? []).map((id) => lookup.orderExists(spaceId, id))),
    Promise.all((links.threadIds ?? []).map((id) => lookup.threadExists(spaceId, id))),
  ]);
  const issues: FieldIssue[] = [
    ...contactIds.flatMap((_, i) => (contactCompanies[i] === undefined ? [{ pointer: `#/contactIds/${i}`, detail: 'no such contact' }] : [])),
    ...companyIds.flatMap((_, i) => (companies[i] ? [] : [{ pointer: `#/companyIds/${i}`, detail: 'no such company' }])),
    ...(order ? [] : [{ pointer: '#/orderId', detail: 'no such order' }]),
    ...(thread ? [] : [{ pointer: '#/threadId', detail: 'no such thread' }]),
    ...staff.flatMap((s, i) => (staffKnown[i] ? [] : [{ pointer: `#/${s.pointer}`, detail: 'no such staff user in this Space' }])),
    ...orders.flatMap((ok, i) => (ok ? [] : [{ pointer: `#/orderIds/${i}`, detail: 'no such order' }])),
    ...threads.flatMap((ok, i) => (ok ? [] : [{ pointer: `#/threadIds/${i}`, detail: 'no such thread' }])),
  ];
  if (issues.length > 0) throw new ValidationError(issues);
  const ofContacts = contactCompanies.filter((c): c is string => typeof c === 'string');
  return { companyIds: [...new Set([...companyIds, ...ofContacts])] };
}
