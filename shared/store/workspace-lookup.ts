import type { WorkspaceLookup } from '../domain/activities/ports.js';
import { batchGet } from './batch.js';
import type { TableRef } from './dynamo.js';
import { companyKey, contactKey, orderKey, staffKey, threadKey } from './keys.js';

/** The workspace's link checks, as consistent-enough BatchGets on the table (no Scan). */
export function createWorkspaceLookup(t: TableRef): WorkspaceLookup {
  const exists = async (keys: Parameters<typeof batchGet>[1]) => (await batchGet(t, keys)).map((i) => i !== undefined);
  return {
    async contactCompanies(spaceId, ids) {
      const items = await batchGet(t, ids.map((id) => contactKey(spaceId, id)));
      return items.map((i) => (i === undefined || i.mergedInto ? undefined : typeof i.companyId === 'string' ? i.companyId : null));
    },
    async companiesExist(spaceId, ids) {
      return (await batchGet(t, ids.map((id) => companyKey(spaceId, id)))).map((i) => i !== undefined && !i.mergedInto);
    },
    orderExists: async (spaceId, id) => (await exists([orderKey(spaceId, id)]))[0] ?? false,
    threadExists: async (spaceId, id) => (await exists([threadKey(spaceId, id)]))[0] ?? false,
    staffExist: (spaceId, ids) => exists(ids.map((id) => staffKey(spaceId, id))),
  };
}
