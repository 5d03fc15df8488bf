import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor, AuditEntry } from '../domain/audit/audit-entry.js';
import { phoneNumbersOf } from '../domain/sms/phone-number.js';
import type { OptOutRecord, PhoneDirectory, SmsNumbers, SmsOptOuts, SmsSettings } from '../domain/sms/ports.js';
import { DEFAULT_HELP_TEXT } from '../domain/sms/sms-keywords.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../domain/errors.js';
import { SmsNumberTakenError } from '../domain/sms/sms-errors.js';
import { auditItem } from './audit-store.js';
import { batchGet } from './batch.js';
import { contactFromItem } from './contact-items.js';
import type { TableRef } from './dynamo.js';
import { contactKey, contactTokenPartition, smsNumberClaimKey, smsNumberIndex, smsOptOutKey, smsSettingsKey, spacePrefix } from './keys.js';
import { putSetting } from './settings-store.js';
import { transact, type TxItem } from './transact.js';

/** A newer keyword, or this one, is stored already. */
class KeywordSettled extends Error {}

/** Contacts holding a number: most read per inbound SMS (a number shared by more is linked to the first ones). */
const MAX_CONTACTS_PER_NUMBER = 10;

const toSettings = (item: Record<string, unknown>): SmsSettings => ({
  originationNumber: String(item.originationNumber), helpText: String(item.helpText ?? '') || DEFAULT_HELP_TEXT, version: Number(item.version),
});

/** SMS settings, the number → Space lookup, opt-out state per customer number, contacts by phone (access-patterns.md). */
export function createSmsStore(t: TableRef): SmsNumbers & SmsOptOuts & Pick<PhoneDirectory, 'findContactIdsByPhone'> & {
  putSmsSettings(actor: Actor & { at: string; auditId: string }, settings: { originationNumber: string; helpText: string }, expectedVersion: number): Promise<SmsSettings>;
  deleteSmsSettings(actor: Actor & { at: string; auditId: string }, expectedVersion: number): Promise<void>;
} {
  const getSmsSettings = async (spaceId: string): Promise<SmsSettings | undefined> => {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: smsSettingsKey(spaceId), ConsistentRead: true }));
    return out.Item ? toSettings(out.Item) : undefined;
  };
  /**
   * The claim decides; a number without one was saved before claims were kept, and only the
   * settings item's index names its Space (read-both: such a claim is written at its next save).
   */
  const spacesOfNumber = async (phoneNumber: string): Promise<string[]> => {
    const claim = await t.client.send(new GetCommand({ TableName: t.table, Key: smsNumberClaimKey(phoneNumber), ConsistentRead: true }));
    if (claim.Item) return [String(claim.Item.spaceId)];
    const out = await t.client.send(new QueryCommand({
      TableName: t.table, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': smsNumberIndex('', phoneNumber).gsi1pk }, Limit: 10,
    }));
    return (out.Items ?? []).map((i) => String(i.gsi1sk).slice(spacePrefix('').length));
  };
  return {
    getSmsSettings,
    spacesOfNumber,

    /**
     * Replaces the settings if nobody saved since `expectedVersion` (audited as `settings:sms`). The
     * number's claim is taken in the same transaction (absent, or held by this Space already), and
     * the claim on the number it replaces is released there too, so of Spaces saving one number at
     * once exactly one wins.
     * @throws SmsNumberTakenError when another Space holds the number, VersionMismatchError
     */
    async putSmsSettings(actor, settings, expectedVersion) {
      const number = settings.originationNumber;
      // Also catches a holder from before claims were kept, which only the index knows.
      if ((await spacesOfNumber(number)).some((s) => s !== actor.spaceId)) throw new SmsNumberTakenError(number);
      const current = await getSmsSettings(actor.spaceId);
      const old = current?.originationNumber;
      const version = await putSetting(t, actor, expectedVersion, {
        key: smsSettingsKey(actor.spaceId), entity: 'sms',
        fields: { ...settings, ...smsNumberIndex(actor.spaceId, number) },
        changes: {
          originationNumber: { old: old ?? null, new: number },
          helpText: { old: current?.helpText ?? null, new: settings.helpText },
        },
      }, [claimNumber(t, actor.spaceId, number), ...(old !== undefined && old !== number ? [releaseNumber(t, actor.spaceId, old)] : [])]);
      return { originationNumber: number, helpText: settings.helpText || DEFAULT_HELP_TEXT, version };
    },

    /**
     * Removes the settings if nobody saved since `expectedVersion`, releasing the number's claim and
     * writing the audit row (`settings:sms`, delete) in the same transaction. The next save starts at version 0.
     * @throws NotFoundError when the Space has no settings, VersionMismatchError
     */
    async deleteSmsSettings(actor, expectedVersion) {
      const current = await getSmsSettings(actor.spaceId);
      if (!current) throw new NotFoundError('sms settings');
      await transact(t, [
        {
          action: { Delete: {
            TableName: t.table, Key: smsSettingsKey(actor.spaceId), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion },
          } },
          onConditionFailed: (old) => (old ? new VersionMismatchError(Number(old.version ?? 0)) : new NotFoundError('sms settings')),
        },
        releaseNumber(t, actor.spaceId, current.originationNumber),
        { action: { Put: { TableName: t.table, Item: auditItem({
          id: actor.auditId, spaceId: actor.spaceId, entity: 'settings', entityId: 'sms', action: 'delete', userId: actor.userId, requestId: actor.requestId, at: actor.at,
          changes: { originationNumber: { old: current.originationNumber, new: null }, helpText: { old: current.helpText, new: null } },
        }) } } },
      ]);
    },

    async getOptOut(spaceId, phoneNumber) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: smsOptOutKey(spaceId, phoneNumber), ConsistentRead: true }));
      if (!out.Item) return undefined;
      const { phoneNumber: n, state, at, keyword, messageId } = out.Item;
      return { phoneNumber: String(n), state: state as OptOutRecord['state'], at: String(at), keyword: String(keyword), messageId: String(messageId) };
    },

    /**
     * The number's state and its audit row in one transaction. A keyword older than the stored one
     * (a late redelivery) changes nothing, nor does the same message again (its audit row exists).
     */
    async recordKeyword(spaceId: string, record: OptOutRecord, audit: AuditEntry): Promise<void> {
      try {
        await transact(t, [
          { action: { Put: {
            TableName: t.table, Item: { ...smsOptOutKey(spaceId, record.phoneNumber), entity: 'sms-opt-out', v: 1, ...record },
            ConditionExpression: 'attribute_not_exists(pk) OR #at <= :at', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':at': record.at },
          } }, onConditionFailed: () => new KeywordSettled() },
          { action: { Put: { TableName: t.table, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } }, onConditionFailed: () => new KeywordSettled() },
        ]);
      } catch (error) {
        if (!(error instanceof KeywordSettled)) throw error;
      }
    },

    /** Live contacts whose phone numbers include this one (E.164), through the contact token index. */
    async findContactIdsByPhone(spaceId: string, phoneNumber: string): Promise<string[]> {
      const out = await t.client.send(new QueryCommand({
        TableName: t.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :token)',
        ExpressionAttributeValues: { ':pk': contactTokenPartition(spaceId, phoneNumber), ':token': `${phoneNumber}#` }, Limit: MAX_CONTACTS_PER_NUMBER,
      }));
      const ids = (out.Items ?? []).map((i) => String(i.contactId));
      if (ids.length === 0) return [];
      const contacts = (await batchGet(t, ids.map((id) => contactKey(spaceId, id)))).flatMap((i) => (i ? [contactFromItem(i)] : []));
      // The index may hold a number the contact no longer has (a stale token): the contact decides.
      return contacts.filter((c) => !c.mergedInto && phoneNumbersOf(c.phones).includes(phoneNumber)).map((c) => c.id).sort();
    },
  };
}

const heldByNobodyOrThisSpace = 'attribute_not_exists(pk) OR spaceId = :space';

const claimNumber = (t: TableRef, spaceId: string, phoneNumber: string): TxItem => ({
  action: { Put: {
    TableName: t.table, Item: { ...smsNumberClaimKey(phoneNumber), entity: 'sms-number-claim', v: 1, spaceId, phoneNumber },
    ConditionExpression: heldByNobodyOrThisSpace, ExpressionAttributeValues: { ':space': spaceId },
  } },
  onConditionFailed: () => new SmsNumberTakenError(phoneNumber),
});

/** The number the settings held before; absent when it was saved before claims were kept. */
const releaseNumber = (t: TableRef, spaceId: string, phoneNumber: string): TxItem => ({
  action: { Delete: {
    TableName: t.table, Key: smsNumberClaimKey(phoneNumber), ConditionExpression: heldByNobodyOrThisSpace, ExpressionAttributeValues: { ':space': spaceId },
  } },
  onConditionFailed: () => new ConflictError(`The claim on ${phoneNumber} is held by another Space`),
});
