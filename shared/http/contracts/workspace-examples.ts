/** Example bodies of the customer-workspace operations (OpenAPI; a unit test validates each against its schema). */
import type { z } from 'zod';
import type { SuccessResponse } from '../contract.js';
import { orderExample } from './order-views.js';

/** The one success response of an operation, with its example. */
export const ok = (status: number, body: z.ZodType | undefined, example: unknown, description = 'Success', headers?: SuccessResponse['headers']) =>
  ({ [status]: { description, ...(body ? { body, example } : {}), ...(headers ? { headers } : {}) } });
export const noContent = { 204: { description: 'Done; no body' } };
export const page = (item: unknown) => ({ items: [item], nextCursor: null });

const AT = '2030-03-04T10:00:00.000Z';
export const activityExample = {
  id: '01J9ACT0000000000000000000', type: 'meeting', subject: 'Pilot kick-off', at: AT, durationMinutes: 45, ownerId: 'staff-1', staffIds: [],
  contactIds: ['01J9CON0000000000000000000'], companyIds: ['01J9COM0000000000000000000'], orderId: null, threadId: null,
  outcome: 'Agreed on a pilot', notes: null, location: 'Their office', doneAt: null, createdBy: 'staff-1', createdAt: AT, updatedAt: AT, version: 1,
};
export const createActivityExample = { type: 'meeting', subject: 'Pilot kick-off', at: AT, durationMinutes: 45, contactIds: ['01J9CON0000000000000000000'], location: 'Their office' };
export const patchActivityExample = { outcome: 'Agreed on a pilot', durationMinutes: 60 };
export const timelineExample = page({ kind: 'activity', type: 'meeting', at: AT, activityId: activityExample.id, subject: 'Pilot kick-off', ownerId: 'staff-1', durationMinutes: 45, outcome: null, doneAt: null });
export const feedExample = { token: 'sp1.q3Zr8vKc1yO0Wm2xEJtA9hN5dLfP7uGs4bTiRkXe6Mw', path: '/calendar/sp1.q3Zr8vKc1yO0Wm2xEJtA9hN5dLfP7uGs4bTiRkXe6Mw' };
export const calendarExample = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mailbridge//CRM//EN\r\nEND:VCALENDAR\r\n';
export const commentExample = {
  id: '01J9CMT0000000000000000000', target: { kind: 'company', id: '01J9COM0000000000000000000' }, body: '@staff-2 can you call them back?',
  mentions: ['staff-2'], authorId: 'staff-1', createdAt: AT, updatedAt: AT, version: 1,
};
export const createCommentExample = { target: { kind: 'company', id: '01J9COM0000000000000000000' }, body: '@staff-2 can you call them back?', mentions: ['staff-2'] };
export const patchCommentExample = { body: 'Called back, all fine.' };
export const stagesExample = {
  stages: [{ id: 'qualification', name: 'Qualification', kind: 'open' }, { id: 'won', name: 'Won', kind: 'won' }, { id: 'lost', name: 'Lost', kind: 'lost' }], version: 1,
};
export const putStagesExample = { stages: stagesExample.stages };
export const opportunityExample = {
  id: '01J9OPP0000000000000000000', name: 'Spring restock', companyId: '01J9COM0000000000000000000', amount: 62500, currency: 'USD', stageId: 'proposal',
  stageKind: 'open', expectedCloseDate: '2030-04-30', ownerId: 'staff-1', contactIds: ['01J9CON0000000000000000000'], threadIds: [], orderIds: [],
  quotation: { lines: [{ description: 'Large Black Widget', quantity: 50, unitAmount: 1250, amount: 62500 }], currency: 'USD', total: 62500, at: AT, by: 'staff-1' },
  quotationOrderId: null, closedAt: null, createdBy: 'staff-1', createdAt: AT, updatedAt: AT, version: 3,
};
export const createOpportunityExample = { name: 'Spring restock', companyId: '01J9COM0000000000000000000', currency: 'USD', stageId: 'proposal', expectedCloseDate: '2030-04-30' };
export const patchOpportunityExample = { stageId: 'won' };
export const quotationExample = { lines: [{ productId: 'prod-widget', quantity: 50 }] };
export const opportunityOrderExample = { customerEmail: 'buyer@customer.example' };
export const opportunityOrderView = { ...orderExample, channel: 'crm_opportunity', messageId: null, threadId: null, opportunityId: opportunityExample.id, companyId: opportunityExample.companyId };
export const mergeRequestExample = {
  id: '01J9MRQ0000000000000000000', entity: 'contact', masterId: '01J9CON0000000000000000000', mergedIds: ['01J9CON0000000000000000001'], fields: {},
  note: 'Same person, home address', status: 'pending', preview: { activity: 3, orders: 1 }, proposedBy: 'staff-1', createdAt: AT,
  decidedBy: null, decidedAt: null, result: null,
};
export const proposeMergeExample = { entity: 'contact', masterId: '01J9CON0000000000000000000', mergedIds: ['01J9CON0000000000000000001'], note: 'Same person, home address' };
export const customerOrderExample = { ...orderExample, status: 'paid', contactId: '01J9CON0000000000000000000' };
export const refundExample = { amount: 1250, reason: 'requested_by_customer', note: 'One widget arrived broken' };
const cards = {
  month: '2030-03', ordersPaidThisMonth: { count: 2, amounts: [{ currency: 'USD', amount: 12500 }] }, openOrders: 1, interactionsThisMonth: 7, lastContactAt: AT,
};
export const spaceCardsExample = cards;
export const customerCardsExample = {
  ...cards,
  health: {
    score: 85, band: 'healthy', computedAt: AT, parts: [
      { part: 'interactions', weight: 40, value: 1, points: 40 }, { part: 'orders', weight: 20, value: 0.5, points: 10 },
      { part: 'payments', weight: 10, value: 1, points: 10 }, { part: 'coverage', weight: 30, value: 1, points: 30 },
      { part: 'penalties', weight: 40, value: 0.125, points: -5 },
    ],
  },
};
