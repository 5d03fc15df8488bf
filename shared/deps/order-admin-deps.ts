import { once } from '../config/config.js';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import type { OpportunityOrderDeps } from '../domain/opportunities/order-from-opportunity.js';
import type { OrderAdminDeps } from '../domain/orders/order-admin.js';
import { createCustomerOrderStore } from '../store/customer-order-items.js';
import { defaultTable } from '../store/dynamo.js';
import { createOpportunityStore } from '../store/opportunity-store.js';
import { createOrderAdminStore } from '../store/order-admin-store.js';
import { countingAdmin, customerEventRecorder } from './customer-stats.js';
import { orderDeps } from './order-deps.js';

/** Cancel and refund: the order ports plus the admin store, counted into the customer's stats. */
export const adminDeps = async (): Promise<OrderAdminDeps> => {
  const deps = await orderDeps();
  return { orders: deps.orders, payments: deps.payments, runtime: deps.runtime, admin: countingAdmin(createOrderAdminStore(defaultTable()), customerEventRecorder(defaultTable())) };
};

/** An order from an opportunity's quotation: the order ports plus the opportunity store. */
export const opportunityOrderDeps = async (): Promise<OpportunityOrderDeps> =>
  ({ ...await orderDeps(), opportunities: createOpportunityStore(defaultTable()), rt: systemRuntime });

/** A contact's or company's orders, newest first. */
export const customerOrders = once(() => createCustomerOrderStore(defaultTable()));
