import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { systemRuntime } from '../domain/audit/system-runtime.js';
import { combineCompanies, COMPANY_MERGEABLE } from '../domain/companies/combine-companies.js';
import { toCompanyView, type Company } from '../domain/companies/company.js';
import { combineContacts, CONTACT_MERGEABLE } from '../domain/contacts/combine-contacts.js';
import { withoutClaim } from '../domain/contacts/merge-claim.js';
import { toContactView, type Contact } from '../domain/contacts/contact.js';
import type { MergeDeps, MergeJob, MergeJobStore, MergeResult, MergeTarget } from '../domain/contacts/merge-ports.js';
import { VersionMismatchError } from '../domain/errors.js';
import { putAudit } from './audit-store.js';
import { batchWrite } from './batch.js';
import { companyItem, createCompanyStore, websiteItems } from './company-store.js';
import { contactItem, tokenDiff } from './contact-items.js';
import { createContactStore, deleteMember, putMember } from './contact-store.js';
import { defaultTable, type TableRef } from './dynamo.js';
import { companyKey, contactKey, mergeJobKey } from './keys.js';
import { claimRecord, markClaimMoved } from './merge-claims.js';
import { companyMovers, contactMovers } from './merge-movers.js';
import { onTable, transact, type TxItem } from './transact.js';
import { versionedUpdate } from './versioned-update.js';

/** Merge jobs: one item per (entity, master, merged set). */
export function createMergeJobStore(t: TableRef): MergeJobStore & { finishJob(spaceId: string, entity: string, jobId: string, result: MergeResult): TxItem } {
  return {
    async getJob(spaceId, entity, jobId) {
      const out = await t.client.send(new GetCommand({ TableName: t.table, Key: mergeJobKey(spaceId, entity, jobId), ConsistentRead: true }));
      return out.Item as MergeJob | undefined;
    },
    async openJob(spaceId, entity, jobId, bodyHash, at) {
      const key = mergeJobKey(spaceId, entity, jobId);
      try {
        await t.client.send(new PutCommand({ TableName: t.table, Item: { ...key, entity: 'merge-job', v: 1, status: 'running', bodyHash, steps: {}, progress: {}, startedAt: at }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return { status: 'running', bodyHash, steps: {}, progress: {} };
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
      const job = (await t.client.send(new GetCommand({ TableName: t.table, Key: key, ConsistentRead: true }))).Item as unknown as MergeJob;
      if (job.status === 'running' && job.bodyHash !== bodyHash) {
        await t.client.send(new UpdateCommand({ TableName: t.table, Key: key, UpdateExpression: 'SET bodyHash = :h', ConditionExpression: '#s = :running', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':h': bodyHash, ':running': 'running' } }));
        return { ...job, bodyHash };
      }
      return job;
    },
    async addProgress(spaceId, entity, jobId, step, moved) {
      await t.client.send(new UpdateCommand({ TableName: t.table, Key: mergeJobKey(spaceId, entity, jobId), UpdateExpression: 'ADD progress.#step :n', ExpressionAttributeNames: { '#step': step }, ExpressionAttributeValues: { ':n': moved } }));
    },
    async markStep(spaceId, entity, jobId, step) {
      await t.client.send(new UpdateCommand({ TableName: t.table, Key: mergeJobKey(spaceId, entity, jobId), UpdateExpression: 'SET steps.#step = :done', ExpressionAttributeNames: { '#step': step }, ExpressionAttributeValues: { ':done': true } }));
    },
    finishJob: (spaceId, entity, jobId, result) => ({ action: { Update: {
      TableName: '', Key: mergeJobKey(spaceId, entity, jobId), UpdateExpression: 'SET #s = :done, #r = :result',
      ConditionExpression: '#s = :running', ExpressionAttributeNames: { '#s': 'status', '#r': 'result' },
      ExpressionAttributeValues: { ':done': 'done', ':running': 'running', ':result': result },
    } } }),
  };
}

const versioned = (key: { pk: string; sk: string }, item: Record<string, unknown>, version: number, clearable: string[], skip: string[] = []): TxItem => ({
  action: versionedUpdate(key, item, version, clearable, skip),
  onConditionFailed: (old) => new VersionMismatchError(Number(old?.version ?? 0)),
});

/** Everything a contact merge needs, on the given table. */
export function contactMergeDeps(t: TableRef = defaultTable()): MergeDeps<Contact> {
  const jobs = createMergeJobStore(t);
  const store = createContactStore(t);
  const clearable = ['companyId', 'companyName', 'level', 'notes', 'statusBeforeArchive', 'mergedInto', 'mergeClaim'];
  const target: MergeTarget<Contact> = {
    entity: 'contact', mergeableFields: CONTACT_MERGEABLE, load: store.getContact, combine: combineContacts,
    view: (c) => toContactView(c),
    async claim(records, claim, now) {
      await transact(t, onTable(t.table, records.map((r) => claimRecord('contact', r.spaceId, r, claim, now))));
      return records.map((r) => ({ ...r, mergeClaim: claim, version: r.version + 1 }));
    },
    markMoved: (records, jobId) => transact(t, onTable(t.table, records.map((r) => markClaimMoved('contact', r.spaceId, r.id, jobId)))),
    async commit({ before, after, merged, audit, jobId, result, now }) {
      const retired = merged.map(withoutClaim).map((m): Contact => ({ ...m, emails: [], status: 'archived', statusBeforeArchive: m.status === 'archived' ? m.statusBeforeArchive ?? 'active' : m.status, mergedInto: after.id, updatedAt: now, version: m.version + 1 }));
      await transact(t, onTable(t.table, [
        versioned(contactKey(after.spaceId, after.id), contactItem(after), before.version, clearable, ['lastActivityAt']),
        ...(before.companyId !== after.companyId ? [...(before.companyId ? [deleteMember(before)] : []), ...(after.companyId ? [putMember(after)] : [])] : []),
        ...retired.map((r, i) => versioned(contactKey(r.spaceId, r.id), contactItem(r), merged[i]?.version ?? 0, clearable, ['lastActivityAt'])),
        putAudit(audit),
        jobs.finishJob(after.spaceId, 'contact', jobId, result),
      ]));
      const diffs = [tokenDiff(before, after), ...retired.map((r, i) => tokenDiff(merged[i], r))];
      await batchWrite(t, diffs.flatMap((d) => d.puts), diffs.flatMap((d) => d.deletes));
    },
  };
  return { target, movers: contactMovers(t), jobs, rt: systemRuntime };
}

/** Everything a company merge needs, on the given table. */
export function companyMergeDeps(t: TableRef = defaultTable()): MergeDeps<Company> {
  const jobs = createMergeJobStore(t);
  const store = createCompanyStore(t);
  const clearable = ['website', 'size', 'region', 'type', 'mergedInto', 'mergeClaim'];
  const target: MergeTarget<Company> = {
    entity: 'company', mergeableFields: COMPANY_MERGEABLE, load: store.getCompany, combine: combineCompanies, view: toCompanyView,
    async claim(records, claim, now) {
      await transact(t, onTable(t.table, records.map((r) => claimRecord('company', r.spaceId, r, claim, now))));
      return records.map((r) => ({ ...r, mergeClaim: claim, version: r.version + 1 }));
    },
    markMoved: (records, jobId) => transact(t, onTable(t.table, records.map((r) => markClaimMoved('company', r.spaceId, r.id, jobId)))),
    async commit({ before, after, merged, audit, jobId, result, now }) {
      await transact(t, onTable(t.table, [
        versioned(companyKey(after.spaceId, after.id), companyItem(after), before.version, clearable),
        ...websiteItems(before, after),
        ...merged.map(withoutClaim).map((m) => versioned(companyKey(m.spaceId, m.id), companyItem({ ...m, domains: [], status: 'archived', mergedInto: after.id, updatedAt: now, version: m.version + 1 }), m.version, clearable)),
        putAudit(audit),
        jobs.finishJob(after.spaceId, 'company', jobId, result),
      ]));
    },
  };
  return { target, movers: companyMovers(t), jobs, rt: systemRuntime };
}
