import { describe, expect, it } from 'vitest';
import { planSync, type SyncCursor } from '../../../../shared/domain/mailbox/plan-sync.js';
import type { FolderState } from '../../../../shared/domain/mailbox/ports.js';

const now = new Date('2025-06-30T12:00:00Z');
const options = { windowDays: 30, now };
const aCursor = (over: Partial<SyncCursor> = {}): SyncCursor =>
  ({ uidValidity: '1700000000', lastUid: 10, resetCount: 0, ...over });
const aState = (over: Partial<FolderState> = {}): FolderState =>
  ({ uidValidity: '1700000000', uidNext: 11, exists: 10, ...over });

describe('planSync', () => {
  it('scans the window back from now on the first poll', () => {
    const plan = planSync(undefined, aState(), options);

    expect(plan).toEqual({ kind: 'initial', since: new Date('2025-05-31T12:00:00Z'), resetCount: 0 });
  });

  it('does nothing when UIDNEXT has not moved and there is no CONDSTORE', () => {
    expect(planSync(aCursor(), aState(), options)).toEqual({ kind: 'noop', resetCount: 0 });
  });

  it('does nothing when UIDNEXT and HIGHESTMODSEQ are unchanged', () => {
    const plan = planSync(aCursor({ highestModseq: '9007199254740995' }), aState({ highestModseq: '9007199254740995' }), options);

    expect(plan.kind).toBe('noop');
  });

  it('stays a no-op when mail arrived and was expunged before the last complete poll', () => {
    const plan = planSync(aCursor({ lastUid: 10, uidNext: 15 }), aState({ uidNext: 15 }), options);

    expect(plan.kind).toBe('noop');
  });

  it('fetches from the UID after the last stored one when new mail arrived', () => {
    const plan = planSync(aCursor({ lastUid: 10 }), aState({ uidNext: 14 }), options);

    expect(plan).toEqual({ kind: 'incremental', fromUid: 11, resetCount: 0 });
  });

  it('resumes after the last stored UID even when a partial poll saw a higher UIDNEXT', () => {
    const plan = planSync(aCursor({ lastUid: 7, uidNext: 11 }), aState({ uidNext: 11 }), options);

    expect(plan.kind).toBe('noop');
    expect(planSync(aCursor({ lastUid: 7 }), aState({ uidNext: 11 }), options)).toEqual({ kind: 'incremental', fromUid: 8, resetCount: 0 });
  });

  it('asks for flag changes since the stored modseq when only HIGHESTMODSEQ moved, beyond 2^53', () => {
    const cursor = aCursor({ highestModseq: '9007199254740995' });

    const plan = planSync(cursor, aState({ highestModseq: '9007199254740996' }), options);

    expect(plan).toEqual({ kind: 'incremental', fromUid: 11, changedSince: '9007199254740995', resetCount: 0 });
  });

  it('ignores a lower HIGHESTMODSEQ as a change', () => {
    const plan = planSync(aCursor({ highestModseq: '20' }), aState({ highestModseq: '19' }), options);

    expect(plan.kind).toBe('noop');
  });

  it('drops the cursor and rescans the window when UIDVALIDITY changes', () => {
    const plan = planSync(aCursor(), aState({ uidValidity: '4242' }), options);

    expect(plan).toEqual({ kind: 'reset', since: new Date('2025-05-31T12:00:00Z'), resetCount: 1 });
  });

  it('counts consecutive resets and pauses on the third', () => {
    const second = planSync(aCursor({ resetCount: 1 }), aState({ uidValidity: '4243' }), options);
    const third = planSync(aCursor({ resetCount: 2 }), aState({ uidValidity: '4244' }), options);

    expect(second).toMatchObject({ kind: 'reset', resetCount: 2 });
    expect(third).toMatchObject({ kind: 'paused', resetCount: 3 });
    expect(third.kind === 'paused' && third.reason).toMatch(/UIDVALIDITY changed 3 times/);
  });

  it('clears the reset count once UIDVALIDITY holds still', () => {
    const plan = planSync(aCursor({ resetCount: 2 }), aState({ uidNext: 12 }), options);

    expect(plan).toMatchObject({ kind: 'incremental', resetCount: 0 });
  });

  it('honours a custom reset limit', () => {
    const plan = planSync(aCursor(), aState({ uidValidity: '1' }), { ...options, maxConsecutiveResets: 1 });

    expect(plan.kind).toBe('paused');
  });
});
