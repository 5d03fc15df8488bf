import { describe, expect, it } from 'vitest';
import { auditOf, diffFields } from '../../../../shared/domain/audit/audit-entry.js';

describe('audit entries', () => {
  it('lists only changed fields, old → new, with null for missing values', () => {
    const before = { name: 'A', tags: ['x'], level: undefined as string | undefined, notes: 'n' };
    const after = { name: 'B', tags: ['x'], level: 'gold', notes: 'n' };

    expect(diffFields(before, after, ['name', 'tags', 'level', 'notes'])).toEqual({ name: { old: 'A', new: 'B' }, level: { old: null, new: 'gold' } });
  });

  it('says who, when and in which request', () => {
    const rt = { now: () => new Date('2026-03-01T10:00:00Z'), newId: () => 'AUD1' };

    const entry = auditOf(rt, { spaceId: 'S', userId: 'u1', requestId: 'r1' }, 'contact', 'C1', 'archive');

    expect(entry).toEqual({ id: 'AUD1', spaceId: 'S', entity: 'contact', entityId: 'C1', action: 'archive', userId: 'u1', requestId: 'r1', at: '2026-03-01T10:00:00.000Z' });
  });
});
