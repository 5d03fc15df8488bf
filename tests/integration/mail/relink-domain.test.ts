import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relinkNewDomains } from '../../../shared/deps/company-relink.js';
import { relinkDomainDeps } from '../../../shared/deps/domain-relink-job.js';
import { systemRuntime } from '../../../shared/domain/audit/system-runtime.js';
import type { Company } from '../../../shared/domain/companies/company.js';
import { unlinkByHand } from '../../../shared/domain/threads/manual-link.js';
import type { LinkJob } from '../../../shared/domain/threads/pipeline-jobs.js';
import type { MessageRecord } from '../../../shared/domain/threads/ports.js';
import { relinkDomainStep } from '../../../shared/domain/threads/relink-domain.js';
import { createAuditStore, writeAudit } from '../../../shared/store/audit-store.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const imapUser = { user: 'relink-domain', password: 'pw-domain' };

beforeAll(async () => {
  dovecot = await startDovecot({ users: [imapUser] });
  // Each test syncs this mailbox into its own Space.
  await dovecot.appendMessages(imapUser.user, 'INBOX', [
    aMail({ subject: 'Bob asks', from: 'Bob <bob@globex.example>' }),
    aMail({ subject: 'Carl asks', from: 'Carl <carl@globex.example>' }),
    aMail({ subject: 'Unlinked by staff', from: 'Dana <dana@globex.example>' }),
    aMail({ subject: 'Other domain', from: 'Eve <eve@notglobex.example>' }),
  ]);
});
afterAll(async () => { await dovecot?.stop(); });

type Harness = Awaited<ReturnType<typeof mailHarness>>;
type DomainStep = Extract<LinkJob, { kind: 'relink-domain' }>;

/** Runs every queued domain-relink step, one thread per step, until the job has walked the whole Space. */
async function runDomainJob(h: Harness): Promise<number> {
  let steps = 0;
  for (let job = h.linkQueue.sent.shift(); job; job = h.linkQueue.sent.shift()) {
    if (job.kind !== 'relink-domain') continue;
    const { v: _v, kind: _k, correlationId, ...step } = job as DomainStep;
    await relinkDomainStep({ ...relinkDomainDeps({ ...h.rt, linkQueue: h.linkQueue }, correlationId), pageSize: 1 }, step);
    steps += 1;
    if (steps > 20) throw new Error(`domain job did not finish: ${JSON.stringify(step)}`);
  }
  return steps;
}

describe('company-domain relink (real Dovecot, DynamoDB Local)', () => {
  it('links the past mail of a domain a company gained, once, as company_domain, never mail staff unlinked from it', async () => {
    const h = await mailHarness(newSpaceId());
    const mailbox = await h.connect(dovecot, imapUser);
    await h.sync(mailbox.id);
    await h.drain();
    const before = new Map((await messageItems(h.rt, h.spaceId)).map((m) => [m.subject, m as unknown as MessageRecord]));
    const companyId = await h.addCompany('Globex', ['globex.example']);
    const staff = { spaceId: h.spaceId, userId: 'staff-1', requestId: 'req-1' };
    const dana = before.get('Unlinked by staff')!;
    await unlinkByHand({ messages: h.rt.messages, links: h.rt.links, threads: h.rt.threads, audits: { putAudit: (a) => writeAudit(h.rt.table, a) },
      touchContactActivity: h.rt.directory.touchContactActivity }, systemRuntime, staff, { threadId: dana.threadId, messageIds: [dana.id], owner: { kind: 'company', id: companyId } });
    const company = { id: companyId, spaceId: h.spaceId, domains: ['globex.example'], version: 1, updatedAt: new Date().toISOString() } as unknown as Company;

    await relinkNewDomains({ before: [], after: company, actor: { spaceId: h.spaceId, userId: 'admin-1', requestId: 'req-2' }, at: company.updatedAt }, h.linkQueue);
    const firstJob = h.linkQueue.sent[0]!;
    const steps = await runDomainJob(h);
    h.linkQueue.sent.push(firstJob);
    await runDomainJob(h);

    const after = new Map((await messageItems(h.rt, h.spaceId)).map((m) => [m.subject, m as unknown as MessageRecord]));
    const timeline = await h.rt.activities.listActivity(h.spaceId, { kind: 'company', id: companyId }, 10);
    const audit = await createAuditStore(h.rt.table).listAudit(h.spaceId, 'company', companyId, 10);
    const thread = await h.rt.threads.getThread(h.spaceId, after.get('Bob asks')!.threadId);
    console.log(`domain relink: ${steps} steps for 4 threads, ${timeline.items.length} timeline lines`);
    // One step per thread, and one that reads the empty page after the last.
    expect(steps).toBe(5);
    expect(after.get('Bob asks')!.companyIds).toEqual([companyId]);
    expect(after.get('Bob asks')!.linkProvenance?.[`company#${companyId}`]?.kind).toBe('company_domain');
    expect(after.get('Carl asks')!.companyIds).toEqual([companyId]);
    expect(after.get('Unlinked by staff')!.companyIds).toEqual([]);
    expect(after.get('Other domain')!.companyIds).toEqual([]);
    expect(thread?.companyIds).toEqual([companyId]);
    expect(timeline.items.map((e) => [e.subject, e.provenance?.kind]).sort()).toEqual([['Bob asks', 'company_domain'], ['Carl asks', 'company_domain']]);
    expect(audit.items.map((a) => [a.action, a.userId, a.details])).toEqual([
      ['mail-relinked', 'admin-1', { domain: 'globex.example', threadsScanned: 4, messages: 2 }],
    ]);
  }, 150_000);

  it('counts the mail a failed attempt of a step linked when the step is delivered again', async () => {
    const h = await mailHarness(newSpaceId());
    const mailbox = await h.connect(dovecot, imapUser);
    await h.sync(mailbox.id);
    await h.drain();
    const companyId = await h.addCompany('Globex', ['globex.example']);
    const company = { id: companyId, spaceId: h.spaceId, domains: ['globex.example'], version: 1, updatedAt: new Date().toISOString() } as unknown as Company;
    await relinkNewDomains({ before: [], after: company, actor: { spaceId: h.spaceId, userId: 'admin-1', requestId: 'req-4' }, at: company.updatedAt }, h.linkQueue);
    let failures = 0;

    // The first step that links mail then fails to queue the next one (a timeout, say): SQS delivers it again.
    for (let job = h.linkQueue.sent.shift(); job; job = h.linkQueue.sent.shift()) {
      const { v: _v, kind: _k, correlationId, ...step } = job as DomainStep;
      const deps = { ...relinkDomainDeps({ ...h.rt, linkQueue: h.linkQueue }, correlationId), pageSize: 1 };
      const flaky = { ...deps, continueJob: async (next: typeof step) => {
        if (failures === 0 && next.messages > 0) { failures += 1; throw new Error('queue unavailable'); }
        await deps.continueJob(next);
      } };
      await relinkDomainStep(flaky, step).catch(() => { h.linkQueue.sent.push(job); });
    }

    const audit = await createAuditStore(h.rt.table).listAudit(h.spaceId, 'company', companyId, 10);
    expect(failures).toBe(1);
    expect(audit.items.map((a) => a.details)).toEqual([{ domain: 'globex.example', threadsScanned: 4, messages: 3 }]);
  }, 150_000);

  it('stops, audited as stopped, when the domain left the company before the job reached the mail', async () => {
    const h = await mailHarness(newSpaceId());
    const company = { id: 'co-gone', spaceId: h.spaceId, domains: ['initech.example'], version: 3, updatedAt: new Date().toISOString() } as unknown as Company;

    await relinkNewDomains({ before: [], after: company, actor: { spaceId: h.spaceId, userId: 'admin-1', requestId: 'req-3' }, at: company.updatedAt }, h.linkQueue);
    await runDomainJob(h);

    const audit = await createAuditStore(h.rt.table).listAudit(h.spaceId, 'company', 'co-gone', 10);
    expect(audit.items.map((a) => a.details)).toEqual([{ domain: 'initech.example', threadsScanned: 0, messages: 0, stopped: 'domain-left-company' }]);
  });
});
