import { describe, expect, it } from 'vitest';
import { importSkippedStep, IMPORT_SKIPPED_PAGE } from '../../../../shared/domain/rules/import-skipped.js';
import { mailRulesSchema } from '../../../../shared/domain/rules/mail-rules.js';
import { liftedSkipReasons, skipReasonOf, type SkippedMail } from '../../../../shared/domain/rules/skipped-mail.js';
import type { ParseJob } from '../../../../shared/domain/threads/pipeline-jobs.js';

const rules = (r: Record<string, unknown>) => mailRulesSchema.parse(r);
const skip = (id: string) => ({ id, field: 'subject', operator: 'contains', value: id, action: 'skip' });

describe('liftedSkipReasons', () => {
  it('names the blocklist entries, skip rules and only_linkable skipping a save removed, and nothing else', () => {
    const before = rules({
      blocklist: ['@spam.example', 'ads@x.example'], exclusions: [skip('promo'), { ...skip('quiet'), action: 'no_link' }],
      mailboxes: [{ mailboxId: 'm1', exclusions: [skip('m1-only')], importPolicy: 'only_linkable' }],
    });
    const after = rules({ blocklist: ['ads@x.example'], exclusions: [{ ...skip('promo'), action: 'private' }], mailboxes: [{ mailboxId: 'm1', exclusions: [skip('m1-only')] }] });

    expect(liftedSkipReasons(before, after).sort()).toEqual(['blocklist:@spam.example', 'exclusion:promo', 'import-policy:only_linkable']);
    expect(liftedSkipReasons(after, after)).toEqual([]);
    expect(liftedSkipReasons(rules({ importPolicy: 'only_linkable' }), rules({ importPolicy: 'only_linkable', unlinkableMail: 'headers_only' }))).toEqual(['import-policy:only_linkable']);
  });

  it('files mail blocked by a domain entry under that entry', () => {
    const r = rules({ blocklist: ['@spam.example'] });

    expect(skipReasonOf(r, 'blocklist:bob@spam.example')).toBe('blocklist:@spam.example');
    expect(skipReasonOf(r, 'exclusion:promo')).toBe('exclusion:promo');
  });
});

describe('importSkippedStep', () => {
  const aSkipped = (i: number): SkippedMail => ({
    reason: 'exclusion:promo', id: `id-${String(i).padStart(3, '0')}`, mailboxId: 'm1', folderRole: 'inbox', rawKey: `raw/${i}`, sha256: 'a'.repeat(64),
    size: 10, folder: 'INBOX', uid: i + 1, uidValidity: '7', date: '2026-11-29T10:00:00.000Z', skippedAt: '2026-11-29T10:00:00.000Z',
  });
  const deps = (count: number, current: ReturnType<typeof rules>) => {
    const records = new Map(Array.from({ length: count }, (_, i) => [aSkipped(i).id, aSkipped(i)]));
    const parsed: ParseJob[] = [];
    const next: string[] = [];
    return {
      records, parsed, next,
      deps: {
        skipped: {
          recordSkipped: async () => {},
          listSkipped: async (_s: string, _r: string, limit: number, after?: string) => [...records.values()].filter((m) => !after || m.id > after).slice(0, limit),
          forgetSkipped: async (_s: string, m: Pick<SkippedMail, 'id'>) => { records.delete(m.id); },
        },
        rules: { getMailRules: async () => ({ rules: current }) },
        parse: async (job: ParseJob) => { parsed.push(job); },
        continueJob: async (j: { after: string }) => { next.push(j.after); },
      },
    };
  };

  it('queues each recorded mail for the parser with its origin, forgets it, and continues after a full page', async () => {
    const run = deps(IMPORT_SKIPPED_PAGE + 1, rules({}));

    const first = await importSkippedStep(run.deps, { spaceId: 's1', reason: 'exclusion:promo', correlationId: 'c' });
    const second = await importSkippedStep(run.deps, { spaceId: 's1', reason: 'exclusion:promo', correlationId: 'c', after: run.next[0] });

    expect([first, second]).toEqual([IMPORT_SKIPPED_PAGE, 1]);
    expect(run.parsed[0]).toMatchObject({ spaceId: 's1', mailboxId: 'm1', folderRole: 'inbox', rawKey: 'raw/0', uid: 1, folder: 'INBOX', uidValidity: '7' });
    expect(run.records.size).toBe(0);
    expect(run.next).toEqual([aSkipped(IMPORT_SKIPPED_PAGE - 1).id]);
  });

  it('queues nothing when the rules keep the mail out for the reason again', async () => {
    const run = deps(3, rules({ exclusions: [skip('promo')] }));

    expect(await importSkippedStep(run.deps, { spaceId: 's1', reason: 'exclusion:promo', correlationId: 'c' })).toBe(0);
    expect(run.parsed).toEqual([]);
    expect(run.records.size).toBe(3);
  });
});
