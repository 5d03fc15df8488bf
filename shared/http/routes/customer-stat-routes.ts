import { customerCards, spaceCards } from '../../domain/customers/stat-cards.js';
import { statDeps } from '../../deps/workspace-deps.js';
import { companyStatsOp, contactStatsOp, spaceStatsOp } from '../contracts/customer-stats.js';
import { implement, type Operation } from '../http-handler.js';

/** The stat cards of a customer and of the whole Space. */
export const customerStatRoutes: Operation[] = [
  implement(companyStatsOp, async ({ auth, params }) => ({ body: await customerCards(statDeps(), auth.spaceId, { kind: 'company', id: params.id }) })),
  implement(contactStatsOp, async ({ auth, params }) => ({ body: await customerCards(statDeps(), auth.spaceId, { kind: 'contact', id: params.id }) })),
  implement(spaceStatsOp, async ({ auth }) => ({ body: await spaceCards(statDeps(), auth.spaceId) })),
];
