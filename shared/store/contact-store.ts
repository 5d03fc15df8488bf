import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Contact } from '../domain/contacts/contact.js';
import { DuplicateEmailError, holdsPrimary, PrimaryContactTakenError } from '../domain/contacts/contact-errors.js';
import type { ContactStore } from '../domain/contacts/ports.js';
import { dayOf } from '../domain/customers/customer-views.js';
import { NotFoundError, VersionMismatchError } from '../domain/errors.js';
import { normalizeEmail } from '../domain/mail/match-addresses.js';
import { batchWrite } from './batch.js';
import {
  activityAt, contactActivityItem, contactEmailItem, contactFromItem, contactItem, tokenDiff,
} from './contact-items.js';
import { listContacts } from './contact-list.js';
import { createCustomerViewStore } from './customer-view-store.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { companyMemberKey, companyPrimaryContactKey, contactActivityKey, contactEmailKey, contactKey } from './keys.js';
import { putAudit } from './audit-store.js';
import { isConditionFailure, itemDoesNotExist, onTable, transact, type TxItem } from './transact.js';
import { versionedUpdate } from './versioned-update.js';

const reserveEmail = (spaceId: string, email: string, contactId: string): TxItem => ({
  action: { Put: { TableName: '', Item: contactEmailItem(spaceId, email, contactId), ConditionExpression: itemDoesNotExist } },
  onConditionFailed: (old) => new DuplicateEmailError(email, String(old?.contactId ?? '')),
});

const releaseEmail = (spaceId: string, email: string, contactId: string): TxItem => ({
  action: { Delete: { TableName: '', Key: contactEmailKey(spaceId, email), ConditionExpression: 'contactId = :me', ExpressionAttributeValues: { ':me': contactId } } },
});

/** The contact's membership item in its company's partition (companyId filter, company merge). */
export const putMember = (c: Contact): TxItem =>
  ({ action: { Put: { TableName: '', Item: { ...companyMemberKey(c.spaceId, c.companyId ?? '', c.id), entity: 'company-member', v: 1, contactId: c.id } } } });
export const deleteMember = (c: Contact): TxItem =>
  ({ action: { Delete: { TableName: '', Key: companyMemberKey(c.spaceId, c.companyId ?? '', c.id) } } });

/**
 * Claims the company's primary-contact item for the contact: free, already its own, or held by a
 * `stale` contact (found not to hold it any more: stepped down, archived, merged away).
 */
const claimPrimary = (c: Contact, stale?: string): TxItem => ({
  action: { Put: {
    TableName: '', Item: { ...companyPrimaryContactKey(c.spaceId, c.companyId ?? ''), entity: 'primary-contact', v: 1, contactId: c.id },
    ConditionExpression: `attribute_not_exists(pk) OR contactId = :me${stale ? ' OR contactId = :stale' : ''}`,
    ExpressionAttributeValues: { ':me': c.id, ...(stale ? { ':stale': stale } : {}) },
  } },
  onConditionFailed: (old) => new PrimaryContactTakenError(c.companyId ?? '', String(old?.contactId ?? '')),
});
/** Whether a change gives up the primary place it held (stepped down, archived, moved to another company). */
const stepsDown = (before: Contact, after: Contact): boolean =>
  holdsPrimary(before) && (!holdsPrimary(after) || before.companyId !== after.companyId);

const CLEARABLE = ['companyId', 'companyName', 'level', 'notes', 'statusBeforeArchive', 'mergedInto', 'ownerId'];

/** Contacts on the single table: record, email reservations, activity and search index items. */
export function createContactStore(t: TableRef = defaultTable()): ContactStore {
  // Every contact write moves the contact in the customer views, whoever writes (API, capture, bounces).
  const views = createCustomerViewStore(t);
  const getContact = async (spaceId: string, id: string) => {
    const out = await t.client.send(new GetCommand({ TableName: t.table, Key: contactKey(spaceId, id), ConsistentRead: true }));
    return out.Item ? contactFromItem(out.Item) : undefined;
  };
  const indexTokens = (before: Contact | undefined, after: Contact) => {
    const diff = tokenDiff(before, after);
    return batchWrite(t, diff.puts, diff.deletes);
  };

  /**
   * Runs a write that claims a primary contact; when the holder turns out not to hold it any more
   * (stepped down, archived, merged into this contact), the claim is retried over it once.
   */
  const releasePrimary = (c: Contact) => t.client.send(new DeleteCommand({
    TableName: t.table, Key: companyPrimaryContactKey(c.spaceId, c.companyId ?? ''), ConditionExpression: 'contactId = :me', ExpressionAttributeValues: { ':me': c.id },
  })).catch((err: unknown) => { if (!isConditionFailure(err)) throw err; });
  const withPrimary = async (after: Contact, write: (stale?: string) => Promise<void>) => {
    try {
      await write();
    } catch (err) {
      if (!(err instanceof PrimaryContactTakenError)) throw err;
      const holderId = String(err.extra.existingId);
      let holder = holderId ? await getContact(after.spaceId, holderId) : undefined;
      // A holder merged away hands the place to its master, if the master is primary of the company.
      if (holder?.mergedInto) holder = await getContact(after.spaceId, holder.mergedInto);
      if (holder && holder.id !== after.id && holdsPrimary(holder) && holder.companyId === after.companyId) {
        throw new PrimaryContactTakenError(after.companyId ?? '', holder.id);
      }
      await write(holderId);
    }
  };

  return {
    getContact,
    async findContactByEmail(spaceId, email) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: contactEmailKey(spaceId, normalizeEmail(email)) }));
      return out.Item ? getContact(spaceId, String(out.Item.contactId)) : undefined;
    },
    async createContact(c, audit) {
      await withPrimary(c, (stale) => transact(t, onTable(t.table, [
        { action: { Put: { TableName: '', Item: contactItem(c), ConditionExpression: itemDoesNotExist } } },
        ...c.emails.map((e) => reserveEmail(c.spaceId, e, c.id)),
        { action: { Put: { TableName: '', Item: contactActivityItem(c) } } },
        ...(c.companyId ? [putMember(c)] : []),
        ...(holdsPrimary(c) ? [claimPrimary(c, stale)] : []),
        putAudit(audit),
      ])));
      // The search index is written after the commit and verified on read (see access-patterns.md).
      await indexTokens(undefined, c);
      await views.refresh(c.spaceId, 'contact', c.id);
    },
    async saveContact(before, after, audits) {
      const removed = before.emails.filter((e) => !after.emails.includes(e));
      const added = after.emails.filter((e) => !before.emails.includes(e));
      const item = contactItem(after);
      await withPrimary(after, (stale) => transact(t, onTable(t.table, [
        {
          // lastActivityAt is owned by touchContactActivity, mergeClaim by merges: never written here.
          action: versionedUpdate(contactKey(after.spaceId, after.id), item, before.version, CLEARABLE, ['lastActivityAt', 'mergeClaim']),
          onConditionFailed: (old) => old ? new VersionMismatchError(Number(old.version)) : new NotFoundError('contact'),
        },
        ...removed.map((e) => releaseEmail(after.spaceId, e, after.id)),
        ...added.map((e) => reserveEmail(after.spaceId, e, after.id)),
        ...(before.companyId !== after.companyId ? [
          ...(before.companyId ? [deleteMember(before)] : []),
          ...(after.companyId ? [putMember(after)] : []),
        ] : []),
        ...(holdsPrimary(after) ? [claimPrimary(after, stale)] : []),
        ...audits.map(putAudit),
      ])));
      // Released after the commit, only if still its own; left behind by a crash, the next claim finds the holder stale.
      if (stepsDown(before, after)) await releasePrimary(before);
      await indexTokens(before, after);
      await views.refresh(after.spaceId, 'contact', after.id);
    },
    listContacts: (spaceId, query) => listContacts(t, spaceId, query),
    /**
     * Moves lastActivityAt forward with plain conditional writes (no transaction: half the units):
     * the new list item first, then the contact (conditioned on the value read), then the old item.
     * The list verifies each item against its contact, so a crash or a lost race leaves at most a
     * stale item that is skipped, never a contact missing from the list.
     */
    async touchContactActivity(spaceId, contactId, at) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const c = await getContact(spaceId, contactId);
        if (!c || (c.lastActivityAt && c.lastActivityAt >= at)) return;
        const previous = activityAt(c);
        if (previous !== at) await batchWrite(t, [contactActivityItem({ ...c, lastActivityAt: at })]);
        try {
          await t.client.send(new UpdateCommand({
            TableName: t.table, Key: contactKey(spaceId, contactId), UpdateExpression: 'SET lastActivityAt = :at',
            ConditionExpression: c.lastActivityAt ? 'lastActivityAt = :prev' : 'attribute_exists(pk) AND attribute_not_exists(lastActivityAt)',
            ExpressionAttributeValues: { ':at': at, ...(c.lastActivityAt ? { ':prev': c.lastActivityAt } : {}) },
          }));
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
          continue;
        }
        if (previous !== at) await batchWrite(t, [], [contactActivityKey(spaceId, previous, contactId)]);
        // The customer views list by day: a later mail on the same day moves nothing.
        if (dayOf(previous) !== dayOf(at)) await views.refresh(spaceId, 'contact', contactId);
        return;
      }
    },
  };
}

/** Records activity on a contact (the mail linker calls this); only ever moves forward. */
export const touchContactActivity = (spaceId: string, contactId: string, at: string, t: TableRef = defaultTable()) =>
  createContactStore(t).touchContactActivity(spaceId, contactId, at);

/** The live or archived contact owning an address in the Space, if any. */
export const findContactByEmail = (spaceId: string, email: string, t: TableRef = defaultTable()) =>
  createContactStore(t).findContactByEmail(spaceId, email);

/** One contact by id in the Space. */
export const getContact = (spaceId: string, id: string, t: TableRef = defaultTable()) => createContactStore(t).getContact(spaceId, id);
