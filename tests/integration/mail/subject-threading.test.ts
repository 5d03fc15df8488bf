import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { aMail, mailHarness } from './mail-harness.js';

let dovecot: DovecotServer;
const user = { user: 'subjects', password: 'pw-subjects' };

beforeAll(async () => { dovecot = await startDovecot({ users: [user] }); });
afterAll(async () => { await dovecot?.stop(); });

const threadOf = (outcome: { status: string; threadId?: string } | undefined) =>
  outcome?.status === 'linked' ? outcome.threadId : undefined;

describe('threading by subject when a reply has lost its reference headers', () => {
  it('joins the thread of the same subject and participant, but not a stranger using the same subject', async () => {
    const spaceId = `subj${ulid().toLowerCase()}`;
    const h = await mailHarness(spaceId);
    const mailbox = await h.connect(dovecot, user);
    const subject = `Quote ${ulid()}`;

    await dovecot.appendMessages(user.user, 'INBOX', [aMail({ subject })]);
    await h.sync(mailbox.id);
    const [first] = await h.drain();
    await dovecot.appendMessages(user.user, 'INBOX', [
      aMail({ subject: `Re: ${subject}` }),
      aMail({ subject: `RE: ${subject}`, from: 'Sam Stranger <sam@stranger.example>' }),
    ]);
    await h.sync(mailbox.id);
    const [reply, stranger] = await h.drain();

    expect(threadOf(first)).toBeDefined();
    expect(threadOf(reply)).toBe(threadOf(first));
    expect(threadOf(stranger)).toBeDefined();
    expect(threadOf(stranger)).not.toBe(threadOf(first));
  });
});
