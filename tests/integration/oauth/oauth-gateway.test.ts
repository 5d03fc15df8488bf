import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_TOKEN_PREFIX } from '../../../infra/local/oauth/oauth-server.js';
import { defaultTable } from '../../../shared/store/dynamo.js';
import { newSpaceId, typedAnonymous, typedApiAs } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
import { localStack, useLocalStackEnv } from '../../support/local-stack.js';
import { OAUTH_GATEWAY_USERS } from '../../support/oauth-users.js';

/** Everything the deployed functions wrote to their log groups since the stack started. */
async function functionLogs(): Promise<{ files: string[]; text: string }> {
  const dir = localStack().logDir;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.log'));
  return { files, text: (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n') };
}

/** Every item of the table, as text. */
async function wholeTable(): Promise<string> {
  const t = defaultTable();
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(new ScanCommand({ TableName: t.table, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items);
}

describe('an OAuth2 mailbox on the local stack (deployed bundles, their IAM grants)', () => {
  it('connects through the callback and the sync worker logs in with a refreshed access token', async () => {
    useLocalStackEnv();
    const spaceId = newSpaceId();
    const admin = typedApiAs(spaceId, 'admin');
    const username = OAUTH_GATEWAY_USERS[1];

    const started = await admin.POST('/mailboxes/oauth/start', { body: { provider: 'local', username } });
    const back = new URL((await fetch(started.data!.authorizeUrl, { redirect: 'manual' })).headers.get('location')!);
    const page = await typedAnonymous().GET('/mailboxes/oauth/callback', {
      params: { query: { state: back.searchParams.get('state')!, code: back.searchParams.get('code')! } }, parseAs: 'text',
    });
    const mailbox = (await admin.GET('/mailboxes')).data!.items.find((m) => m.username === username)!;
    const health = await eventually(
      async () => (await admin.GET('/mailboxes/{id}/health', { params: { path: { id: mailbox.id } } })).data!,
      (h) => h.items.length > 0, 60_000,
    );
    const after = (await admin.GET('/mailboxes/{id}', { params: { path: { id: mailbox.id } } })).data!;

    expect(page.response.status).toBe(200);
    expect(mailbox.oauth).toMatchObject({ provider: 'local', status: 'authorized' });
    expect(health.items[0]).toMatchObject({ outcome: 'synced', trigger: 'manual' });
    expect(health.items[0]!.commands).toBeGreaterThan(1);
    expect(after.lastSyncAt).toBeDefined();
    expect(after.lastError).toBeUndefined();

    // The canary: the provider's tokens passed through the API function (code exchange) and the sync
    // worker (refresh, XOAUTH2 login); none of them is in a log group, a response or the table.
    const logs = await functionLogs();
    const responses = JSON.stringify([started.data, page.data, mailbox, health, after]);
    const table = await wholeTable();
    expect(logs.files).toEqual(expect.arrayContaining(['mailboxes-api.log', 'sync-mailbox.log']));
    expect(logs.text).toContain(mailbox.id);
    for (const prefix of Object.values(LOCAL_TOKEN_PREFIX)) {
      expect(logs.text).not.toContain(prefix);
      expect(responses).not.toContain(prefix);
      expect(table).not.toContain(prefix);
    }
  });
});
