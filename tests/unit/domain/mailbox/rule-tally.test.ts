import { describe, expect, it } from 'vitest';
import { RULES_SKIP_ALL_MIN, rulesSkipEverything, tallyOutcomes, tallyWindowStart } from '../../../../shared/domain/mailbox/rule-tally.js';

const NOW = new Date('2026-11-29T10:00:00.000Z');

describe('rule tallies', () => {
  it('counts a batch per mailbox on the day it was linked', () => {
    const tallies = tallyOutcomes([
      { spaceId: 's', mailboxId: 'a', status: 'skipped' },
      { spaceId: 's', mailboxId: 'a', status: 'kept' },
      { spaceId: 's', mailboxId: 'a', status: 'skipped' },
      { spaceId: 's', mailboxId: 'b', status: 'kept' },
    ], NOW);

    expect(tallies).toEqual([
      { spaceId: 's', mailboxId: 'a', tally: { day: '2026-11-29', kept: 1, skipped: 2 } },
      { spaceId: 's', mailboxId: 'b', tally: { day: '2026-11-29', kept: 1, skipped: 0 } },
    ]);
  });

  it('judges seven days ending today', () => {
    expect(tallyWindowStart(NOW)).toBe('2026-11-23');
  });

  it('says the rules skip everything only when nothing was kept and enough was skipped to mean it', () => {
    const days = (kept: number, skipped: number) => [{ day: '2026-11-28', kept: 0, skipped: skipped - 1 }, { day: '2026-11-29', kept, skipped: 1 }];

    expect(rulesSkipEverything(days(0, RULES_SKIP_ALL_MIN))).toEqual({ skipped: RULES_SKIP_ALL_MIN });
    expect(rulesSkipEverything(days(0, RULES_SKIP_ALL_MIN - 1))).toBeUndefined();
    expect(rulesSkipEverything(days(1, 500))).toBeUndefined();
    expect(rulesSkipEverything([])).toBeUndefined();
  });
});
