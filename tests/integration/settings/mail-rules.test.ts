import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';

const rules = { blocklist: ['@spam.example'], exclusions: [{ field: 'subject', contains: 'salary', action: 'skip' }], importPolicy: 'only_linkable' };

describe('mail rules settings', () => {
  it('serves the defaults with version 0 until the Space saves its own', async () => {
    const res = await apiAs(newSpaceId(), 'staff').get('/settings/mail-rules');

    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"0"');
    expect(res.body.rules).toEqual({ blocklist: [], exclusions: [], importPolicy: 'all', unlinkableMail: 'skip', internalDomains: [], mailboxes: [], privacy: [],
      contactCreation: { policy: 'none', receivingAddresses: [], review: true }, markHardBounces: 'mark', replyTags: { subjectTag: false, prefix: 'MB' },
    });
  });

  it('saves under If-Match, refuses a stale version and audits the change', async () => {
    const admin = apiAs(newSpaceId(), 'admin');

    const saved = await admin.put('/settings/mail-rules', rules, { headers: { 'if-match': '"0"' } });
    const stale = await admin.put('/settings/mail-rules', { ...rules, importPolicy: 'all' }, { headers: { 'if-match': '"0"' } });
    const read = await admin.get('/settings/mail-rules');
    const audit = await admin.get('/audit?entity=settings:mail-rules');

    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    expect(stale.status).toBe(412);
    expect(read.body.rules.importPolicy).toBe('only_linkable');
    // The save's own row; the blocklist job it started adds a `blocklist-applied` row when it finishes.
    const saves = audit.body.items.filter((i: { action: string }) => i.action !== 'blocklist-applied');
    expect(saves).toHaveLength(1);
    expect(saves[0].action).toBe('update');
    expect(saves[0].changes.rules.new.blocklist).toEqual(['@spam.example']);
  });

  it('lets only admins change the rules', async () => {
    const res = await apiAs(newSpaceId(), 'staff').put('/settings/mail-rules', rules, { headers: { 'if-match': '"0"' } });

    expect(res.status).toBe(403);
  });

  it('names the invalid entry and writes nothing', async () => {
    const admin = apiAs(newSpaceId(), 'admin');

    const res = await admin.put('/settings/mail-rules', { blocklist: ['not an address'], colour: 'red' }, { headers: { 'if-match': '"0"' } });
    const read = await admin.get('/settings/mail-rules');

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/blocklist/0', '#/colour']);
    expect(read.body.version).toBe(0);
  });
});
