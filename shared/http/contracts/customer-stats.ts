import * as z from 'zod';
import { contract } from '../contract.js';
import { customerCardsExample, ok, spaceCardsExample } from './workspace-examples.js';
import { workspaceIdParams } from './workspace.js';

const cards = {
  month: z.string(),
  ordersPaidThisMonth: z.object({ count: z.number().int(), amounts: z.array(z.object({ currency: z.string(), amount: z.number().int() })) }),
  openOrders: z.number().int(),
  interactionsThisMonth: z.number().int(),
  lastContactAt: z.string().nullable(),
};
const healthPart = z.object({ part: z.enum(['interactions', 'orders', 'payments', 'coverage', 'penalties']), weight: z.number(), value: z.number(), points: z.number() });
const health = z.object({ score: z.number().int().min(0).max(100), band: z.enum(['healthy', 'at_risk', 'critical']), parts: z.array(healthPart), computedAt: z.string() });
export const customerCardsView = z.object({ ...cards, health: health.nullable() });
export const spaceCardsView = z.object(cards);

const fn = 'workspace-api' as const;
const tag = 'customers';
export const companyStatsOp = contract({
  operationId: 'getCompanyStats', method: 'GET', path: '/companies/{id}/stats', fn, tag, params: workspaceIdParams, responses: ok(200, customerCardsView, customerCardsExample),
  problems: ['not-found'], summary: 'Stat cards of a company for this UTC month and its health score as of its last event, from aggregates kept on write (404 unknown company)', description: 'Stat cards of a company for this UTC month and its health score as of its last event, from aggregates kept on write (404 unknown company)'});
export const contactStatsOp = contract({
  operationId: 'getContactStats', method: 'GET', path: '/contacts/{id}/stats', fn, tag, params: workspaceIdParams, responses: ok(200, customerCardsView, customerCardsExample),
  problems: ['not-found'], summary: 'Stat cards of a contact for this UTC month and its health score as of its last event (404 unknown contact)', description: 'Stat cards of a contact for this UTC month and its health score as of its last event (404 unknown contact)'});
export const spaceStatsOp = contract({
  operationId: 'getSpaceStats', method: 'GET', path: '/stats', fn, tag, responses: ok(200, spaceCardsView, spaceCardsExample),
  summary: 'Stat cards of the Space for this UTC month: orders paid and their amounts, open orders, interactions, last contact', description: 'Stat cards of the Space for this UTC month: orders paid and their amounts, open orders, interactions, last contact'});

export const customerStats = [companyStatsOp, contactStatsOp, spaceStatsOp];
