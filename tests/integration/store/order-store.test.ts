import { defaultTable } from '../../../shared/store/dynamo.js';
import { createAuditStore } from '../../../shared/store/audit-store.js';
import { createOrderStore } from '../../../shared/store/order-store.js';
import { orderStoreContract } from '../../support/contracts/order-store-contract.js';
import { useLocalStackEnv } from '../../support/local-stack.js';

orderStoreContract('the DynamoDB order store', () => {
  useLocalStackEnv();
  const table = defaultTable();
  const audit = createAuditStore(table);
  return {
    store: createOrderStore(table),
    auditActions: async (spaceId, orderId) => (await audit.listAudit(spaceId, 'order', orderId, 100)).items.map((a) => a.action).sort(),
  };
});
