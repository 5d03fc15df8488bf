import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../../../shared/adapters/blobs/s3-blobs.js';
import { newSpaceId } from '../../support/api-client.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { mailHarness } from './mail-harness.js';

const run = promisify(execFile);
const MB = 1024 * 1024;
const COUNT = 20;
const SIZE = 25 * MB;
let dovecot: DovecotServer;
const user = { user: 'big', password: 'pw-big' };

beforeAll(async () => { dovecot = await startDovecot({ users: [user] }); });
afterAll(async () => { await dovecot?.stop(); });

/** A 25 MB mail: a base64 "attachment" of one random megabyte repeated, made unique by its headers. */
function bigMail(i: number, block: string): Buffer {
  const head = [
    'From: Jane Doe <jane.doe@northwind.example>', 'To: sales@acme-supplies.example', `Subject: Drawings ${i}`,
    `Date: ${new Date().toUTCString()}`, `Message-ID: <big-${i}-${randomBytes(6).toString('hex')}@northwind.example>`,
    'MIME-Version: 1.0', 'Content-Type: application/octet-stream; name="drawings.bin"', 'Content-Transfer-Encoding: base64', '', '',
  ].join('\r\n');
  const body = block.repeat(Math.ceil((SIZE - head.length) / block.length));
  return Buffer.from(head + body, 'latin1');
}

describe('big mail', () => {
  it('syncs 20 mails of 25 MB with the worker\'s peak RSS under 512 MB and none lost', async () => {
    const stack = useLocalStackEnv();
    const spaceId = newSpaceId();
    const h = await mailHarness(spaceId);
    const block = randomBytes(MB).toString('base64').replace(/.{76}/g, '$&\r\n');
    const sources = new Map<string, number>();
    for (let i = 0; i < COUNT; i++) {
      const mail = bigMail(i, block);
      sources.set(createHash('sha256').update(mail).digest('hex'), mail.length);
      await dovecot.appendMessages(user.user, 'INBOX', [mail]);
    }
    const mailbox = await h.connect(dovecot, user, [{ path: 'INBOX', role: 'inbox' }]);

    const { stdout } = await run(join('node_modules', '.bin', 'tsx'), [join(import.meta.dirname, 'big-mail-worker.ts')], {
      env: { ...process.env, ...stack.env, BIG_MAIL_SPACE: spaceId, BIG_MAIL_MAILBOX: mailbox.id, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      maxBuffer: 16 * MB,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      maxRssMb: number; outcomes: { status: string }[]; jobs: { uid: number; rawKey: string; sha256: string; size: number }[];
    };
    const stored = new Set<string>();
    for (const job of report.jobs) {
      const out = await s3Client().send(new GetObjectCommand({ Bucket: stack.bucket, Key: job.rawKey }));
      const hash = createHash('sha256');
      for await (const piece of out.Body as AsyncIterable<Buffer>) hash.update(piece);
      if (hash.digest('hex') === job.sha256 && sources.has(job.sha256)) stored.add(job.sha256);
    }
    const lost = COUNT - stored.size;
    console.info('big mail', { messages: COUNT, sizeMb: SIZE / MB, peakRssMb: report.maxRssMb, runs: report.outcomes.map((o) => o.status), stored: stored.size, lost });

    expect(report.outcomes.at(-1)).toMatchObject({ status: 'synced' });
    expect(report.maxRssMb).toBeLessThan(512);
    expect(new Set(report.jobs.map((j) => j.uid)).size).toBe(COUNT);
    expect(lost).toBe(0);
  }, 300_000);
});
