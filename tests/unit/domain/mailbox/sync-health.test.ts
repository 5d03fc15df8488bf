import { describe, expect, it } from 'vitest';
import { mailboxHealth, STALLED_AFTER_INTERVALS } from '../../../../shared/domain/mailbox/sync-health.js';
import { classifySyncFailure, cleanServerText, SYNC_ADVICE } from '../../../../shared/domain/mailbox/sync-failure.js';
import type { SyncRun } from '../../../../shared/domain/mailbox/sync-run.js';
import type { RuleTally } from '../../../../shared/domain/mailbox/rule-tally.js';

const INTERVAL = 5 * 60_000;
const NOW = new Date('2026-11-29T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const noProblems = { unfetchable: 0, too_large: 0, unparsable: 0 };
const aRun = (over: Partial<SyncRun> = {}): SyncRun => ({
  id: 'r', startedAt: ago(60_000), durationMs: 300, outcome: 'synced', trigger: 'schedule', folders: 2, messages: 3, commands: 12, bytes: 4096, ...over,
});
const failedRun = (kind: NonNullable<SyncRun['failure']>['kind'], startedAt = ago(60_000)): SyncRun =>
  aRun({ outcome: 'failed', startedAt, folders: 0, failure: { kind, step: 'login', message: 'x' } });
const health = (over: { lastSyncAt?: string; createdAt?: string; paused?: boolean; runs?: SyncRun[]; tooLarge?: number; ruleTallies?: RuleTally[] } = {}) => mailboxHealth({
  mailbox: { paused: over.paused ?? false, createdAt: over.createdAt ?? ago(86_400_000), ...(over.lastSyncAt ? { lastSyncAt: over.lastSyncAt } : {}) },
  runs: over.runs ?? [], problems: { ...noProblems, too_large: over.tooLarge ?? 0 }, now: NOW, intervalMs: INTERVAL,
  ...(over.ruleTallies ? { ruleTallies: over.ruleTallies } : {}),
});

describe('mailboxHealth', () => {
  it('is healthy after a recent good run and no trouble', () => {
    expect(health({ lastSyncAt: ago(60_000), runs: [aRun()] })).toMatchObject({ status: 'healthy', advice: [] });
  });

  it('is stalled when no run finished in three intervals and none ran since', () => {
    const h = health({ lastSyncAt: ago(STALLED_AFTER_INTERVALS * INTERVAL + 1), runs: [aRun({ startedAt: ago(STALLED_AFTER_INTERVALS * INTERVAL + 2) })] });

    expect(h.status).toBe('stalled');
    expect(h.advice).toEqual([{ kind: 'stalled', text: SYNC_ADVICE.stalled }]);
    expect(h.stalledAt).toBe(ago(1));
  });

  it('is degraded with the rules advice when the rules skipped every new message, healthy when they kept one', () => {
    const skippedAll = health({ lastSyncAt: ago(60_000), runs: [aRun()], ruleTallies: [{ day: '2026-11-29', kept: 0, skipped: 40 }] });
    const keptOne = health({ lastSyncAt: ago(60_000), runs: [aRun()], ruleTallies: [{ day: '2026-11-29', kept: 1, skipped: 40 }] });

    expect(skippedAll).toMatchObject({ status: 'degraded', advice: [{ kind: 'rules_skip_all', text: SYNC_ADVICE.rules_skip_all }] });
    expect(keptOne).toMatchObject({ status: 'healthy', advice: [] });
  });

  it('is stalled when a mailbox never had a run at all three intervals after it was connected', () => {
    expect(health({ createdAt: ago(STALLED_AFTER_INTERVALS * INTERVAL), runs: [] }).status).toBe('stalled');
    expect(health({ createdAt: ago(STALLED_AFTER_INTERVALS * INTERVAL - 1), runs: [] }).status).toBe('healthy');
  });

  it('is failing with the advice of the failure when the latest run failed', () => {
    const h = health({ lastSyncAt: ago(60 * INTERVAL), runs: [failedRun('wrong_password'), aRun({ startedAt: ago(60 * INTERVAL) })] });

    expect(h.status).toBe('failing');
    expect(h.advice).toContainEqual({ kind: 'wrong_password', text: SYNC_ADVICE['wrong_password'] });
  });

  it('is degraded when the latest run succeeded after recent failures, and names them', () => {
    const h = health({ lastSyncAt: ago(60_000), runs: [aRun(), failedRun('throttled', ago(6 * 60_000))] });

    expect(h.status).toBe('degraded');
    expect(h.advice.map((a) => a.kind)).toEqual(['throttled']);
  });

  it('is degraded with the too-large advice when mail was skipped as too large', () => {
    const h = health({ lastSyncAt: ago(60_000), runs: [aRun()], tooLarge: 2 });

    expect(h.status).toBe('degraded');
    expect(h.advice).toEqual([{ kind: 'too_large_skipped', text: SYNC_ADVICE['too_large_skipped'] }]);
  });

  it('never counts a paused mailbox as stalled', () => {
    expect(health({ paused: true, createdAt: ago(100 * INTERVAL) }).status).toBe('healthy');
  });
});

describe('classifySyncFailure', () => {
  it.each([
    ['auth', { code: 'AUTHENTICATIONFAILED', text: 'Authentication failed.' }, 'wrong_password'],
    ['auth', { text: '[ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)' }, 'wrong_password'],
    ['auth', { text: 'Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)' }, 'imap_disabled'],
    ['protocol', { text: 'User is authenticated but not connected.' }, 'imap_disabled'],
    ['auth', { text: '[ALERT] Too many simultaneous connections. (Failure)' }, 'throttled'],
    ['protocol', { code: 'THROTTLED', text: 'Account exceeded command or bandwidth limits.' }, 'throttled'],
    ['protocol', { text: 'Request is throttled. Suggested Backoff Time: 92415 milliseconds' }, 'throttled'],
    ['connection-lost', { text: 'Server Unavailable. 15' }, 'throttled'],
    ['tls', {}, 'certificate'],
    ['folder-missing', { code: 'NONEXISTENT', text: 'Mailbox does not exist' }, 'folder_missing'],
    ['refused', {}, 'unreachable'],
    ['timeout', {}, 'timeout'],
  ] as const)('names %s with the words %j as %s', (kind, server, expected) => {
    expect(classifySyncFailure(kind, server)).toBe(expected);
  });

  it('gives every failure kind exactly one sentence of advice', () => {
    for (const text of Object.values(SYNC_ADVICE)) expect(text.split(/[.!?](\s|$)/).filter((p) => p.trim().length > 1)).toHaveLength(1);
  });
});

describe('cleanServerText', () => {
  it('keeps one printable line of at most 200 characters', () => {
    expect(cleanServerText(`Bad\r\n\u0007thing ${'x'.repeat(300)}`)).toMatch(/^Bad thing x+$/);
    expect(cleanServerText(`Bad\r\nthing ${'x'.repeat(300)}`)!.length).toBe(200);
    expect(cleanServerText('  \r\n ')).toBeUndefined();
  });
});
