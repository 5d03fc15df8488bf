import { describe, expect, it } from 'vitest';
import { newSpaceId, typedAnonymous, typedApiAs } from '../../support/api-client.js';
import { eventually } from '../../support/eventually.js';
import { useLocalStackEnv } from '../../support/local-stack.js';
import { OAUTH_GATEWAY_USERS } from '../../support/oauth-users.js';

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
  });
});
