import { createMemoryPayments } from '../../../../shared/adapters/payments/memory-payments.js';
import { paymentsContract } from '../../../support/contracts/payments-contract.js';

paymentsContract('the in-memory payments', ({ refusing }) => {
  const payments = createMemoryPayments();
  if (refusing) payments.failNext(Number.MAX_SAFE_INTEGER);
  return { payments, pay: async (sessionId) => payments.pay(sessionId) };
});
