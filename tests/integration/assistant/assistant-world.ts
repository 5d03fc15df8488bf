import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mailKeys } from '../../../shared/domain/threads/pipeline-jobs.js';
import { apiAs, newSpaceId } from '../../support/api-client.js';
import { localStack } from '../../support/local-stack.js';
import { mailHarness, SAMPLES_DIR } from '../mail/mail-harness.js';

/**
 * A Space like the demo one: Northwind (Jane) and Contoso (Bob) with the demo mailbox's sample
 * mail linked through the real parse and link steps, plus mail a test adds.
 */
export async function assistantWorld() {
  const spaceId = newSpaceId();
  const api = apiAs(spaceId);
  const harness = await mailHarness(spaceId);
  const mailbox = await harness.connect({ host: '127.0.0.1', port: 1 }, { user: 'sales', password: 'unused' });
  const northwind = (await api.post('/companies', { name: 'Northwind Traders', domains: ['northwind.example'], tier: 'vip' })).body;
  const jane = (await api.post('/contacts', { name: 'Jane Doe', emails: ['jane.doe@northwind.example'], companyId: northwind.id, roles: ['decision_maker'] })).body;
  const bob = (await api.post('/contacts', { name: 'Bob Smith', emails: ['bob.smith@contoso.example'] })).body;
  let uid = 1;

  /** Stores one raw mail and runs it through parse and link, as the pipeline would. */
  const ingest = async (raw: string, folderRole: 'inbox' | 'sent' = 'inbox') => {
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const rawKey = mailKeys.raw(spaceId, mailbox.id, sha256);
    await harness.rt.blobs.put(rawKey, raw);
    harness.parseQueue.sent.push({ v: 1, correlationId: 'assistant-test', spaceId, mailboxId: mailbox.id, folderRole, rawKey, sha256, size: raw.length, uid: uid++ });
    return harness.drain();
  };
  const sample = async (name: string, folderRole: 'inbox' | 'sent' = 'inbox') => ingest(await readFile(join(SAMPLES_DIR, name), 'utf8'), folderRole);

  await sample('01-order-request.eml');
  await sample('04-outbound-reply.eml', 'sent');
  await sample('03-reply-in-thread.eml');
  await sample('02-question.eml');
  const threads = (await api.get('/threads?limit=10')).body.items as { id: string; subject: string }[];
  return { spaceId, api, jane, bob, northwind, ingest, threadOf: (subject: string) => threads.find((t) => t.subject === subject)?.id ?? '' };
}

/** How many mails the local SES has accepted so far (all Spaces). */
export async function sentMailCount(): Promise<number> {
  const res = await fetch(`${localStack().mailViewerUrl.replace(/\/$/, '')}/store`);
  return ((await res.json()) as { emails: unknown[] }).emails.length;
}
