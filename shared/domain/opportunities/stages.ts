import { ValidationError, type FieldIssue } from '../errors.js';
import type { Stage, StageConfig } from './opportunity.js';

/**
 * Checks a pipeline an admin saves: unique ids, at least one won and one lost stage, and no stage
 * removed while opportunities still stand in it (`inUse` says which ids are held).
 * @throws ValidationError naming the stage
 */
export function checkStages(stages: readonly Stage[], removedInUse: readonly string[]): void {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  stages.forEach((s, i) => {
    if (seen.has(s.id)) issues.push({ pointer: `#/stages/${i}/id`, detail: 'is used by another stage' });
    seen.add(s.id);
  });
  if (!stages.some((s) => s.kind === 'won')) issues.push({ pointer: '#/stages', detail: 'needs a stage of kind won' });
  if (!stages.some((s) => s.kind === 'lost')) issues.push({ pointer: '#/stages', detail: 'needs a stage of kind lost' });
  if (!stages.some((s) => s.kind === 'open')) issues.push({ pointer: '#/stages', detail: 'needs a stage of kind open' });
  for (const id of removedInUse) issues.push({ pointer: '#/stages', detail: `stage ${id} still holds opportunities: move them first` });
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The stage with this id in the Space's pipeline. @throws ValidationError */
export function stageOf(config: StageConfig, stageId: string): Stage {
  const stage = config.stages.find((s) => s.id === stageId);
  if (!stage) throw new ValidationError([{ pointer: '#/stageId', detail: `is not a stage of this Space (${config.stages.map((s) => s.id).join(', ')})` }]);
  return stage;
}
