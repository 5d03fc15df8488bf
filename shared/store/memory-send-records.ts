import type { SendRecord, SendRecordStore } from '../domain/threads/send-once.js';

/** Keyed sends in memory, for unit tests; each call yields once so concurrent callers interleave as they would on a table. */
export function createMemorySendRecords<T>(): SendRecordStore<T> & { readonly records: Map<string, SendRecord<T>> } {
  const records = new Map<string, SendRecord<T>>();
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  const key = (spaceId: string, id: string) => `${spaceId}/${id}`;
  const held = (spaceId: string, id: string, token: string) => records.get(key(spaceId, id))?.token === token;
  return {
    records,
    async claim(spaceId, record) {
      await tick();
      const old = records.get(key(spaceId, record.id));
      if (old) return old;
      records.set(key(spaceId, record.id), record);
      return undefined;
    },
    async takeOver(spaceId, id, state, staleToken, token, claimedAt) {
      await tick();
      const old = records.get(key(spaceId, id));
      if (old?.token !== staleToken || old.state !== state) return false;
      records.set(key(spaceId, id), { ...old, token, claimedAt });
      return true;
    },
    async recordSent(spaceId, id, token, result) {
      await tick();
      if (!held(spaceId, id, token)) throw new Error('the send record is held by another request');
      records.set(key(spaceId, id), { ...records.get(key(spaceId, id))!, state: 'sent', result });
    },
    async letGo(spaceId, id, token) {
      await tick();
      if (held(spaceId, id, token)) records.set(key(spaceId, id), { ...records.get(key(spaceId, id))!, token: '' });
    },
    async markDone(spaceId, id) {
      await tick();
      const old = records.get(key(spaceId, id));
      if (old) records.set(key(spaceId, id), { ...old, state: 'done' });
    },
    async release(spaceId, id, token) {
      await tick();
      if (held(spaceId, id, token)) records.delete(key(spaceId, id));
    },
  };
}
