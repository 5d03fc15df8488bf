import { describe, expect, it } from 'vitest';
import { FUNCTIONS, SYNC_LIMITS } from '../../../../shared/config/names.js';

describe('SYNC_LIMITS', () => {
  it('keeps a run\'s time budget at most half the sync function\'s timeout, leaving time to commit and release', () => {
    expect(SYNC_LIMITS.timeBudgetSeconds * 2).toBeLessThanOrEqual(FUNCTIONS['sync-mailbox'].timeoutSeconds);
  });

  it('streams anything a batch could not hold and caps mail within what imapflow accepts as one literal', () => {
    expect(SYNC_LIMITS.streamAboveBytes).toBeLessThanOrEqual(SYNC_LIMITS.batchBytes);
    expect(SYNC_LIMITS.maxMessageBytes).toBeLessThanOrEqual(40 * 1024 * 1024);
    expect(SYNC_LIMITS.byteBudget).toBeGreaterThan(SYNC_LIMITS.maxMessageBytes);
  });
});
