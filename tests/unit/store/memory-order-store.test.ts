import { createMemoryOrderStore } from '../../../shared/store/memory-order-store.js';
import { orderStoreContract } from '../../support/contracts/order-store-contract.js';

orderStoreContract('the in-memory order store', () => {
  const store = createMemoryOrderStore();
  return {
    store,
    auditActions: async (_spaceId, orderId) => store.audit.filter((a) => a.orderId === orderId).map((a) => a.action).sort(),
  };
});
