import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-entry.js';
import { clearComplaint } from '../../../../shared/domain/contacts/clear-complaint.js';
import type { Contact } from '../../../../shared/domain/contacts/contact.js';
import { hasComplained } from '../../../../shared/domain/contacts/mark-complained.js';
import { NotFoundError, VersionMismatchError } from '../../../../shared/domain/errors.js';

const actor = { spaceId: 's1', userId: 'admin-1', requestId: 'r1' };
const marked = (over: Partial<Contact> = {}) => ({
  id: 'c1', spaceId: 's1', name: 'Kim', emails: ['kim@contoso.example', 'kim@home.example'], version: 3,
  complainedEmails: [{ email: 'kim@contoso.example', at: '2026-04-01T00:00:00.000Z', feedbackType: 'abuse' }, { email: 'kim@home.example', at: '2026-04-02T00:00:00.000Z' }],
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-04-02T00:00:00.000Z', ...over,
}) as unknown as Contact;

function deps(contact: Contact) {
  let stored = contact;
  const audits: AuditEntry[] = [];
  return {
    audits, stored: () => stored,
    deps: {
      rt: { now: () => new Date('2026-05-01T00:00:00Z'), newId: () => 'A1' },
      contacts: {
        getContact: async (s: string, id: string) => (stored.spaceId === s && stored.id === id ? stored : undefined),
        saveContact: async (before: Contact, after: Contact, a: readonly AuditEntry[]) => {
          if (stored.version !== before.version) throw new VersionMismatchError(stored.version);
          stored = after; audits.push(...a);
        },
      },
    } as unknown as Parameters<typeof clearComplaint>[0],
  };
}

describe('clearComplaint', () => {
  it('clears the mark of one address (any case), keeps the other, and audits what it removed', async () => {
    const d = deps(marked());

    const after = await clearComplaint(d.deps, actor, 'c1', 3, 'Kim@Contoso.example');

    expect(hasComplained(d.stored(), 'kim@contoso.example')).toBe(false);
    expect(hasComplained(d.stored(), 'kim@home.example')).toBe(true);
    expect(after.version).toBe(4);
    expect(d.audits).toEqual([expect.objectContaining({ entity: 'contact', entityId: 'c1', action: 'update', userId: 'admin-1', details: { clearedComplaint: 'kim@contoso.example' } })]);
  });

  it('refuses a stale version and an address without a mark, changing nothing', async () => {
    const d = deps(marked());

    await expect(clearComplaint(d.deps, actor, 'c1', 2, 'kim@contoso.example')).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(clearComplaint(d.deps, actor, 'c1', 3, 'other@contoso.example')).rejects.toBeInstanceOf(NotFoundError);
    await expect(clearComplaint(d.deps, { ...actor, spaceId: 's2' }, 'c1', 3, 'kim@contoso.example')).rejects.toBeInstanceOf(NotFoundError);

    expect(d.stored().version).toBe(3);
    expect(d.audits).toEqual([]);
  });
});
