import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { startTcpProxy } from '../../support/tcp-proxy.js';
import { aMail, mailHarness, messageItems } from './mail-harness.js';

let dovecot: DovecotServer;
const canary = `CANARY-${randomUUID()}`;
const users = [{ user: 'cut', password: 'pw-cut' }, { user: 'mover', password: 'pw-mover' }, { user: 'canary', password: canary }];
const bigMail = () => aMail({ body: `${'x'.repeat(76)}\r\n`.repeat(2_000) });

beforeAll(async () => { dovecot = await startDovecot({ users }); });
afterAll(async () => { await dovecot?.stop(); });

describe('mailbox sync under faults', () => {
  it('resumes after a connection cut mid-fetch with 0 lost and 0 duplicates (I1)', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('cut', 'INBOX', Array.from({ length: 30 }, bigMail));
    const proxy = await startTcpProxy({ host: dovecot.host, port: dovecot.port });
    try {
      const mailbox = await h.connect(proxy, users[0]!, [{ path: 'INBOX', role: 'inbox' }]);
      proxy.cutAfter(1_500_000, 'rst');

      const cut = await h.sync(mailbox.id, { chunkSize: 5 }).catch((error: Error) => error);
      await h.drain();
      const resumed = await h.sync(mailbox.id, { chunkSize: 5 });
      await h.drain();

      expect(cut).toBeInstanceOf(Error);
      expect((await h.rt.mailboxes.getMailbox(spaceId, mailbox.id)).lastError).toBeUndefined();
      expect(resumed).toMatchObject({ status: 'synced' });
      expect(await messageItems(h.rt, spaceId)).toHaveLength(30);
    } finally {
      await proxy.stop();
    }
  });

  it('keeps one message when it moves from INBOX to another synced folder', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessages('mover', 'INBOX', [aMail({ subject: 'moving' }), aMail({ subject: 'staying' })]);
    const mailbox = await h.connect(dovecot, users[1]!, [{ path: 'INBOX', role: 'inbox' }, { path: 'Archive', role: 'other' }]);
    await h.sync(mailbox.id);
    await h.drain();

    await dovecot.doveadm(['move', '-u', 'mover', 'Archive', 'mailbox', 'INBOX', 'HEADER', 'Subject', 'moving']);
    await h.sync(mailbox.id);
    const outcomes = await h.drain();

    expect(outcomes.map((o) => o.status)).toEqual(['duplicate']);
    expect((await messageItems(h.rt, spaceId)).map((m) => m.subject).sort()).toEqual(['moving', 'staying']);
  });

  it('never stores or queues the mailbox password (K2 canary)', async () => {
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    await dovecot.appendMessage('canary', 'INBOX', aMail());
    const mailbox = await h.connect(dovecot, users[2]!);
    const wrong = await h.connect(dovecot, { user: 'canary', password: `${canary}-wrong` });

    await h.sync(mailbox.id);
    const queued = JSON.stringify([h.parseQueue.sent, h.linkQueue.sent]);
    await h.drain();
    await h.sync(wrong.id);

    const out = await h.rt.table.client.send(new ScanCommand({ TableName: h.rt.table.table }));
    const table = JSON.stringify(out.Items);
    const needles = [canary, Buffer.from(canary).toString('base64'), Buffer.from(`\0canary\0${canary}`).toString('base64')];
    for (const needle of needles) {
      expect(table).not.toContain(needle);
      expect(queued).not.toContain(needle);
    }
    expect((await h.rt.mailboxes.getMailbox(spaceId, wrong.id)).lastError).toContain('authentication failed');
  });
});
