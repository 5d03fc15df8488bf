import type { MessageRecord } from './ports.js';
import type { OrderThreadLinker } from './stored-message.js';

export interface LinkOrderDeps {
  /** @throws ConflictError when the message has another order, NotFoundError when absent. */
  readonly messages: { setMessageOrder(spaceId: string, id: string, orderId: string): Promise<MessageRecord> };
  readonly threads: { setThreadOrder(spaceId: string, threadId: string, orderId: string): Promise<void> };
  readonly activities: {
    setActivityOrder(spaceId: string, owners: readonly { kind: 'contact' | 'company'; id: string }[], date: string, messageId: string, orderId: string): Promise<void>;
  };
}

/** The order flow's OrderThreadLinker: marks the message, its thread and its activity entries. Idempotent. */
export const createOrderThreadLinker = (deps: LinkOrderDeps): OrderThreadLinker => ({
  async linkOrder(spaceId, messageId, threadId, orderId) {
    const message = await deps.messages.setMessageOrder(spaceId, messageId, orderId);
    await deps.threads.setThreadOrder(spaceId, threadId || message.threadId, orderId);
    await deps.activities.setActivityOrder(spaceId, [
      ...message.contactIds.map((id) => ({ kind: 'contact' as const, id })),
      ...message.companyIds.map((id) => ({ kind: 'company' as const, id })),
    ], message.date, messageId, orderId);
  },
});
