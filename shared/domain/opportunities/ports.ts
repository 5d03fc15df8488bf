import type { AuditEntry } from '../audit/audit-entry.js';
import type { Opportunity, Stage, StageConfig } from './opportunity.js';

export interface OpportunityStore {
  getOpportunity(spaceId: string, id: string): Promise<Opportunity | undefined>;
  createOpportunity(o: Opportunity, audit: AuditEntry): Promise<void>;
  /** @throws VersionMismatchError */
  replaceOpportunity(before: Opportunity, after: Opportunity, audit: AuditEntry): Promise<void>;
  getStages(spaceId: string): Promise<StageConfig>;
  /** @throws VersionMismatchError when the saved version is not `expectedVersion` */
  putStages(spaceId: string, stages: readonly Stage[], expectedVersion: number, audit: AuditEntry): Promise<StageConfig>;
  /** True when at least one opportunity stands in the stage. */
  stageInUse(spaceId: string, stageId: string): Promise<boolean>;
}
