import { auditOf, diffFields, type Actor, type Runtime } from '../audit/audit-entry.js';
import type { CustomFieldDeps } from '../custom-fields/ports.js';
import { checkOwner, type StaffDirectory } from '../customers/record-owner.js';
import { prepareFields, unchangedFields } from '../custom-fields/record-fields.js';
import { MergedRecordError } from '../contacts/contact-errors.js';
import { assertUnclaimed } from '../contacts/merge-claim.js';
import { normalizeTags } from '../contacts/contact.js';
import { NotFoundError, VersionMismatchError } from '../errors.js';
import { COMPANY_AUDITED, type Company, type CompanyTier } from './company.js';
import type { CompanyStore } from './ports.js';

export interface CompanyDeps {
  readonly companies: CompanyStore;
  readonly rt: Runtime;
  /** Definitions that values are checked against, and the filter index they feed. */
  readonly customFields: CustomFieldDeps;
  /** Owners must be staff users of the Space. */
  readonly staff: StaffDirectory;
}

export interface CompanyFields {
  name: string;
  /** Already normalized by the schema (normalizeDomain). */
  domains: string[];
  website?: string | null;
  tier: CompanyTier;
  size?: string | null;
  region?: string | null;
  type?: string | null;
  tags: string[];
  ownerId?: string | null;
  customFields: Record<string, unknown>;
}

/** Loads a company of the Space. @throws NotFoundError (same for another Space's id). */
export async function loadCompany(deps: Pick<CompanyDeps, 'companies'>, spaceId: string, id: string): Promise<Company> {
  const company = await deps.companies.getCompany(spaceId, id);
  if (!company) throw new NotFoundError('company');
  return company;
}

/** Creates a company and reserves its domains in one transaction. @throws DuplicateDomainError, ValidationError */
export async function createCompany(deps: CompanyDeps, actor: Actor, input: Pick<CompanyFields, 'name'> & Partial<CompanyFields>): Promise<Company> {
  await checkOwner(deps.staff, actor.spaceId, input.ownerId);
  const fields = await prepareFields(deps.customFields, actor.spaceId, 'company', {}, input.customFields ?? {});
  const now = deps.rt.now().toISOString();
  const optional = Object.fromEntries((['website', 'size', 'region', 'type', 'ownerId'] as const).flatMap((k) => (input[k] ? [[k, input[k]]] : [])));
  const company: Company = {
    id: deps.rt.newId(), spaceId: actor.spaceId, name: input.name.trim(), domains: [...new Set(input.domains ?? [])],
    ...optional, tier: input.tier ?? 'normal', tags: normalizeTags(input.tags ?? []),
    customFields: fields.values, status: 'active', createdAt: now, updatedAt: now, version: 1,
  };
  await fields.save(company.id, company.version, () => deps.companies.createCompany(company, auditOf(deps.rt, actor, 'company', company.id, 'create')));
  return company;
}

/** Changes fields under If-Match; `null` clears. @throws VersionMismatchError, DuplicateDomainError, NotFoundError, MergeInProgressError */
export async function patchCompany(deps: CompanyDeps, actor: Actor, id: string, expectedVersion: number, patch: Partial<CompanyFields>): Promise<Company> {
  const before = await loadCompany(deps, actor.spaceId, id);
  assertUnclaimed(before, 'company', deps.rt.now());
  if (before.version !== expectedVersion) throw new VersionMismatchError(before.version);
  if (before.mergedInto) throw new MergedRecordError('company', before.mergedInto);
  await checkOwner(deps.staff, actor.spaceId, patch.ownerId);
  const draft: Record<string, unknown> = { ...before };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'customFields' || v === undefined) continue;
    if (v === null) delete draft[k];
    else draft[k] = v;
  }
  if (patch.domains) draft.domains = [...new Set(patch.domains)];
  if (patch.tags) draft.tags = normalizeTags(patch.tags);
  const fields = patch.customFields
    ? await prepareFields(deps.customFields, actor.spaceId, 'company', before.customFields, patch.customFields)
    : unchangedFields(before.customFields);
  draft.customFields = fields.values;
  const changes = diffFields(before, draft as unknown as Company, COMPANY_AUDITED);
  if (Object.keys(changes).length === 0) return before;
  const after = { ...draft, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 } as unknown as Company;
  await fields.save(id, after.version, () => deps.companies.saveCompany(before, after, [auditOf(deps.rt, actor, 'company', id, 'update', { changes })]));
  return after;
}

/** Archives (or restores) a company; its domains stay reserved. Repeating is a no-op. */
export async function setCompanyArchived(deps: CompanyDeps, actor: Actor, id: string, archived: boolean): Promise<Company> {
  const before = await loadCompany(deps, actor.spaceId, id);
  const status = archived ? 'archived' : 'active';
  if (before.status === status) return before;
  if (before.mergedInto) throw new MergedRecordError('company', before.mergedInto);
  assertUnclaimed(before, 'company', deps.rt.now());
  const after: Company = { ...before, status, updatedAt: deps.rt.now().toISOString(), version: before.version + 1 };
  await deps.companies.saveCompany(before, after, [auditOf(deps.rt, actor, 'company', id, archived ? 'archive' : 'restore',
    { changes: { status: { old: before.status, new: status } } })]);
  return after;
}
