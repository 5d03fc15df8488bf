import { describe, expect, it } from 'vitest';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { apiFetch } from '../../support/local-stack.js';

const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('the calendar feed', () => {
  it('serves a user\'s meetings and tasks by secret URL, follows edits in place, and stops on rotation', async () => {
    const spaceId = newSpaceId();
    const ann = apiAs(spaceId, 'staff', 'ann');
    const bob = apiAs(spaceId, 'staff', 'bob');
    await bob.get('/me/mentions');
    const jane = (await ann.post('/contacts', { name: 'Jane', emails: ['jane@northwind.example'] })).body.id as string;
    const meeting = await ann.post('/activities', { type: 'meeting', subject: 'Kick-off, Q3; pricing', at: '2030-01-15T09:00:00Z', durationMinutes: 60, contactIds: [jane], staffIds: ['bob'] });
    await ann.post('/activities', { type: 'task', subject: 'Send samples', at: '2030-01-20T17:00:00Z', contactIds: [jane] });
    await ann.post('/activities', { type: 'call', subject: 'Not in a calendar', at: '2030-01-16T09:00:00Z', contactIds: [jane] });
    const feed = await ann.post('/me/calendar-feed');

    const first = await apiFetch(feed.body.path);
    const firstText = unfold(await first.text());
    await ann.patch(`/activities/${meeting.body.id}`, { at: '2030-01-15T10:00:00Z' }, { headers: { 'if-match': meeting.headers.get('etag')! } });
    const edited = unfold(await (await apiFetch(feed.body.path)).text());
    const bobFeed = await bob.post('/me/calendar-feed');
    const bobText = unfold(await (await apiFetch(bobFeed.body.path)).text());
    const rotated = await ann.post('/me/calendar-feed');
    const old = await apiFetch(feed.body.path);
    const fresh = await apiFetch(rotated.body.path);
    await ann.delete('/me/calendar-feed');
    const revoked = await apiFetch(rotated.body.path);
    const forged = await apiFetch(`/calendar/${spaceId}.${'A'.repeat(43)}`);

    const uid = `UID:${meeting.body.id}@${spaceId}.mailbridge`;
    expect(feed.status).toBe(201);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(firstText).toContain('SUMMARY:Kick-off\\, Q3\\; pricing');
    expect(firstText).toContain(uid);
    expect(firstText).toContain('DTSTART:20300115T090000Z\r\nDTEND:20300115T100000Z');
    expect(firstText).toContain('BEGIN:VTODO');
    expect(firstText).not.toContain('Not in a calendar');
    expect(edited).toContain(uid);
    expect(edited).toContain('DTSTART:20300115T100000Z');
    expect(edited).not.toContain('DTSTART:20300115T090000Z');
    expect(edited).toContain('SEQUENCE:1');
    expect(bobText).toContain(uid);
    expect(bobText).not.toContain('Send samples');
    expect(old.status).toBe(404);
    expect(fresh.status).toBe(200);
    expect(revoked.status).toBe(404);
    expect(forged.status).toBe(404);
  });
});
