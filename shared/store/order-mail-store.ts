import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SentOrderMail } from '../domain/orders/order-mail.js';
import type { OrderMailProblem } from '../domain/orders/order.js';
import type { OrderMailProblemStore } from '../domain/orders/order-mail-problem.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { orderKey, orderMailKey, orderMailProviderKey, orderTagKey, type Key } from './keys.js';
import { orderAuditItem } from './order-items.js';
import { itemDoesNotExist, transact } from './transact.js';

/** The mail sent for orders, by Message-ID, provider id and subject tag code (see access-patterns.md). */
export interface OrderMailStore extends OrderMailProblemStore {
  recordSent(spaceId: string, sent: SentOrderMail): Promise<void>;
  recordProviderId(spaceId: string, providerId: string, sent: SentOrderMail): Promise<void>;
  findSentByMessageId(spaceId: string, messageId: string): Promise<SentOrderMail | undefined>;
  findSentByProviderId(spaceId: string, providerId: string): Promise<SentOrderMail | undefined>;
  findOrderBySubjectTag(spaceId: string, code: string): Promise<string | undefined>;
}

const sentOf = (item: Record<string, unknown> | undefined): SentOrderMail | undefined => {
  if (!item || typeof item.orderId !== 'string') return undefined;
  const { orderId, kind, messageId, tagCode, to, at } = item as unknown as SentOrderMail;
  return { orderId, kind, messageId, tagCode, to, at };
};

/** Order mail lookups in the single table; every write is an idempotent put of the same facts. */
export function createOrderMailStore(t: TableRef = defaultTable()): OrderMailStore {
  const put = (Item: Record<string, unknown>) => t.client.send(new PutCommand({ TableName: t.table, Item }));
  const get = async (Key: Key) => (await t.client.send(new GetCommand({ TableName: t.table, Key, ConsistentRead: true }))).Item;
  return {
    async recordSent(spaceId, sent) {
      await Promise.all([
        put({ ...orderMailKey(spaceId, sent.messageId), entity: 'order-mail', v: 1, ...sent }),
        put({ ...orderTagKey(spaceId, sent.tagCode), entity: 'order-tag', v: 1, orderId: sent.orderId }),
      ]);
    },
    async recordProviderId(spaceId, providerId, sent) {
      await put({ ...orderMailProviderKey(spaceId, providerId), entity: 'order-mail', v: 1, ...sent, providerId });
    },
    findSentByMessageId: async (spaceId, messageId) => sentOf(await get(orderMailKey(spaceId, messageId))),
    findSentByProviderId: async (spaceId, providerId) => sentOf(await get(orderMailProviderKey(spaceId, providerId))),
    async findOrderBySubjectTag(spaceId, code) {
      const item = await get(orderTagKey(spaceId, code));
      return typeof item?.orderId === 'string' ? item.orderId : undefined;
    },
    async flagMailProblem(spaceId, orderId, problem, audit) {
      const once = `${problem.type}#${problem.messageId}`;
      try {
        await transact(t, [
          { action: { Update: {
            TableName: t.table, Key: orderKey(spaceId, orderId),
            // mailProblemKeys (a string set) makes the append happen once per mail and type.
            UpdateExpression: 'SET mailProblems = list_append(if_not_exists(mailProblems, :none), :p), updatedAt = :at ADD mailProblemKeys :k',
            ConditionExpression: 'attribute_exists(pk) AND NOT contains(mailProblemKeys, :once)',
            ExpressionAttributeValues: { ':none': [], ':p': [problem], ':at': audit.at, ':k': new Set([once]), ':once': once },
          } }, onConditionFailed: () => new AlreadyFlagged() },
          { action: { Put: { TableName: t.table, Item: orderAuditItem(spaceId, orderId, audit), ConditionExpression: itemDoesNotExist } } },
        ]);
        return true;
      } catch (err) {
        if (err instanceof AlreadyFlagged) return false;
        throw err;
      }
    },
  };
}

class AlreadyFlagged extends Error {}

/** The in-memory twin for unit tests (`flagged` holds the problems flagged, by order). */
export function createMemoryOrderMailStore(): OrderMailStore & { sent: SentOrderMail[]; flagged: Map<string, OrderMailProblem[]> } {
  const flagged = new Map<string, OrderMailProblem[]>();
  const byId = new Map<string, SentOrderMail>();
  const byProvider = new Map<string, SentOrderMail>();
  const tags = new Map<string, string>();
  const sent: SentOrderMail[] = [];
  const k = (s: string, id: string) => `${s}/${id.toLowerCase()}`;
  return {
    sent, flagged,
    async flagMailProblem(s, orderId, problem) {
      const list = flagged.get(`${s}/${orderId}`) ?? [];
      if (list.some((p) => p.type === problem.type && p.messageId === problem.messageId)) return false;
      flagged.set(`${s}/${orderId}`, [...list, problem]);
      return true;
    },
    async recordSent(s, mail) { sent.push(mail); byId.set(k(s, mail.messageId), mail); tags.set(`${s}/${mail.tagCode.toUpperCase()}`, mail.orderId); },
    async recordProviderId(s, providerId, mail) { byProvider.set(k(s, providerId), mail); },
    findSentByMessageId: async (s, id) => byId.get(k(s, id)),
    findSentByProviderId: async (s, id) => byProvider.get(k(s, id)),
    findOrderBySubjectTag: async (s, code) => tags.get(`${s}/${code.toUpperCase()}`),
  };
}
