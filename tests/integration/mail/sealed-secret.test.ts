import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness } from './mail-harness.js';

let dovecot: DovecotServer;
const owner = { user: 'k1owner', password: 'pw-k1-owner' };
const inbox = [{ path: 'INBOX', role: 'inbox' as const }];

beforeAll(async () => {
  dovecot = await startDovecot({ users: [owner] });
  await dovecot.appendMessages(owner.user, 'INBOX', [aMail()]);
});
afterAll(async () => { await dovecot?.stop(); });

const logins = async () => ((await dovecot.log()).match(new RegExp(`Login: user=<${owner.user}>`, 'g')) ?? []).length;

describe('a sealed mailbox password is bound to its Space and mailbox (K1)', () => {
  it('refuses a password copied into another mailbox record, of the same or another Space, before any IMAP login', async () => {
    const spaceA = newSpaceId();
    const spaceB = newSpaceId();
    const a = await mailHarness(spaceA);
    const b = await mailHarness(spaceB);
    const source = await a.connect(dovecot, owner, inbox);
    const sameSpace = await a.connect(dovecot, { user: owner.user, password: 'placeholder' }, inbox);
    const otherSpace = await b.connect(dovecot, { user: owner.user, password: 'placeholder' }, inbox);
    const synced = await a.sync(source.id);
    const loginsBefore = await logins();

    const at = new Date().toISOString();
    await a.rt.mailboxes.patchMailbox(spaceA, sameSpace.id, { password: source.password }, at, sameSpace.version);
    await b.rt.mailboxes.patchMailbox(spaceB, otherSpace.id, { password: source.password }, at, otherSpace.version);
    const copiedInSpace = await a.sync(sameSpace.id);
    const copiedAcross = await b.sync(otherSpace.id);

    expect(synced).toMatchObject({ status: 'synced', messages: 1 });
    expect(loginsBefore).toBeGreaterThanOrEqual(1);
    expect(copiedInSpace).toMatchObject({ status: 'failed', reason: 'secret-rejected' });
    expect(copiedAcross).toMatchObject({ status: 'failed', reason: 'secret-rejected' });
    expect((await a.rt.mailboxes.getMailbox(spaceA, sameSpace.id)).lastError).toMatch(/cannot be decrypted/);
    expect((await b.rt.mailboxes.getMailbox(spaceB, otherSpace.id)).lastError).toMatch(/cannot be decrypted/);
    expect(await logins()).toBe(loginsBefore);
  });
});
