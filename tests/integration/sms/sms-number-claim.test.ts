import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { smsNumberIndex, smsSettingsKey } from '../../../shared/store/keys.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
import { localStack, useLocalStackEnv } from '../../support/local-stack.js';

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
// Numbers of their own per run: the number → Space lookup is shared by every test file.
const aNumber = () => `+1425${digits(7)}`;
const CONTENDERS = 6;

const saveNumber = (spaceId: string, originationNumber: string, version = 0) =>
  apiAs(spaceId, 'admin').put('/settings/sms', { originationNumber }, { headers: { 'if-match': `"${version}"` } });

const customerTexts = async (from: string, to: string, body: string): Promise<void> => {
  const res = await fetch(`${localStack().smsViewerUrl}simulate-inbound`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to, body }),
  });
  expect(res.status).toBe(202);
};

/** Participants of the Space's unlinked threads (an SMS from a number no contact holds lands there). */
const unlinkedParticipants = async (spaceId: string): Promise<string[][]> =>
  (await apiAs(spaceId, 'admin').get('/inbox?unlinked=true')).body.items.map((t: { participants: string[] }) => t.participants);

beforeAll(() => {
  useLocalStackEnv();
});

describe('one SMS number, one Space', () => {
  it('lets exactly one of several Spaces saving one number at once win, and inbound SMS to it land in the winner', async () => {
    const number = aNumber();
    const spaces = Array.from({ length: CONTENDERS }, () => newSpaceId());

    const replies = await Promise.all(spaces.map((s) => saveNumber(s, number)));

    const statuses = replies.map((r) => r.status);
    console.log(`concurrent saves of one number: ${statuses.filter((s) => s === 200).length} won, ${statuses.filter((s) => s === 409).length} got 409, statuses ${statuses.join(',')}`);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(CONTENDERS - 1);
    for (const r of replies.filter((x) => x.status === 409)) expect(r.body.type).toMatch(/\/sms-number-taken$/);
    const winner = spaces[statuses.indexOf(200)]!;
    const customer = `+4479${digits(8)}`;
    await customerTexts(customer, number, 'Is my order on its way?');
    await eventually(() => unlinkedParticipants(winner), (p) => p.some((x) => x.includes(customer)), 15_000);
    for (const loser of spaces.filter((s) => s !== winner)) expect((await unlinkedParticipants(loser)).flat()).not.toContain(customer);
  }, 60_000);

  it('releases the old number when a Space changes it, so another Space can take it', async () => {
    const [first, second] = [newSpaceId(), newSpaceId()];
    const [number, next] = [aNumber(), aNumber()];
    expect((await saveNumber(first, number)).status).toBe(200);
    expect((await saveNumber(second, number)).status).toBe(409);

    const moved = await saveNumber(first, next, 1);
    const taken = await saveNumber(second, number);

    expect(moved.status).toBe(200);
    expect(taken.status).toBe(200);
    expect((await saveNumber(second, next, 1)).status).toBe(409);
    const customer = `+4479${digits(8)}`;
    await customerTexts(customer, number, 'Hello again');
    await eventually(() => unlinkedParticipants(second), (p) => p.some((x) => x.includes(customer)), 15_000);
    expect((await unlinkedParticipants(first)).flat()).not.toContain(customer);
  }, 60_000);

  it('releases the number when a Space removes its SMS settings (admin, If-Match), so another Space can take it', async () => {
    const [first, second] = [newSpaceId(), newSpaceId()];
    const number = aNumber();
    expect((await saveNumber(first, number)).status).toBe(200);
    const admin = apiAs(first, 'admin');

    const byStaff = await apiAs(first, 'staff').delete('/settings/sms', { headers: { 'if-match': '"1"' } });
    const stale = await admin.delete('/settings/sms', { headers: { 'if-match': '"7"' } });
    const removed = await admin.delete('/settings/sms', { headers: { 'if-match': '"1"' } });
    const again = await admin.delete('/settings/sms', { headers: { 'if-match': '"1"' } });
    const taken = await saveNumber(second, number);

    expect([byStaff.status, stale.status, removed.status, again.status, taken.status]).toEqual([403, 412, 200, 404, 200]);
    expect(removed.body).toMatchObject({ originationNumber: null, version: 0 });
    expect(removed.headers.get('etag')).toBe('"0"');
    expect((await admin.get('/settings/sms')).body).toMatchObject({ originationNumber: null, version: 0 });
    const trail = await admin.get('/audit?entity=settings:sms');
    expect(trail.body.items[0]).toMatchObject({ action: 'delete', changes: { originationNumber: { old: number, new: null } } });
    const customer = `+4479${digits(8)}`;
    await customerTexts(customer, number, 'Who has this number now?');
    await eventually(() => unlinkedParticipants(second), (p) => p.some((x) => x.includes(customer)), 15_000);
    expect((await saveNumber(first, number)).status).toBe(409);
  }, 60_000);

  it('honours a number saved before claims were kept: another Space is refused and inbound SMS still find the holder', async () => {
    const [holder, other] = [newSpaceId(), newSpaceId()];
    const number = aNumber();
    const t = defaultTable();
    // A settings item as saved before claims existed: the number only on the settings item's index keys.
    await t.client.send(new PutCommand({ TableName: t.table, Item: {
      ...smsSettingsKey(holder), ...smsNumberIndex(holder, number), entity: 'sms', v: 1, version: 1, originationNumber: number, helpText: '',
    } }));

    const refused = await saveNumber(other, number);
    const resaved = await saveNumber(holder, number, 1);

    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/\/sms-number-taken$/);
    expect(resaved.status).toBe(200);
    expect((await saveNumber(other, number)).status).toBe(409);
    const customer = `+4479${digits(8)}`;
    await customerTexts(customer, number, 'Still there?');
    await eventually(() => unlinkedParticipants(holder), (p) => p.some((x) => x.includes(customer)), 15_000);
  }, 60_000);
});
