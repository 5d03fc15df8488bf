import { NotFoundError } from '../../domain/errors.js';
import { changedOf, type ReapplyJobState } from '../../domain/rules/reapply-rules.js';
import { requestReapply } from '../../domain/rules/request-reapply.js';
import { reapplyRequestDeps } from '../../deps/reapply-request.js';
import { getReapplyJobOp, reapplyMailRulesOp } from '../contracts/mail-rules-reapply.js';
import { implement, type Operation } from '../http-handler.js';
import { idempotencyKeyInput } from '../idempotency-key.js';

const toView = ({ jobId, spaceId: _s, userId: _u, requestId: _r, cursor: _c, previous: _p, ...job }: ReapplyJobState) =>
  ({ id: jobId, ...job, changed: changedOf(job) });

/** The "re-apply the rules to the last N days" job (admin): ask for one (the link function runs it), then read it. */
export const mailRulesReapplyRoutes: Operation[] = [
  implement(reapplyMailRulesOp, async ({ auth, body, headers, requestId }) => ({
    status: 202,
    body: toView(await requestReapply(await reapplyRequestDeps(), { spaceId: auth.spaceId, userId: auth.userId, requestId }, { ...body, ...idempotencyKeyInput(headers) })),
  })),
  implement(getReapplyJobOp, async ({ auth, params }) => {
    const job = await (await reapplyRequestDeps()).jobs.get(auth.spaceId, params.jobId);
    if (!job) throw new NotFoundError('re-apply job', params.jobId);
    return { body: toView(job) };
  }),
];
