import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxKey } from '../../shared/store/keys.js';
import { consoleSession, openBrowser, type OpenBrowser } from './support/console.js';

const SEEDED_ID = ulid();
const SEEDED_USER = 'oauth-owner@demo.example';

let open: OpenBrowser;
let db: DynamoDBDocumentClient;

/**
 * The API creates an OAuth2 mailbox only after the provider's consent, and marks it as needing
 * re-authorization only when a sync is refused: so the item is seeded in the stack's table, copied
 * from the demo mailbox (its sealed secret included) and turned into a paused OAuth2 mailbox.
 */
async function seedMailboxNeedingConsent(): Promise<void> {
  const { apiUrl, token, spaceId, tableName } = consoleSession();
  const res = await fetch(`${apiUrl}/mailboxes`, { headers: { authorization: `Bearer ${token}` } });
  const demoId = ((await res.json()) as { items: { id: string }[] }).items[0]!.id;
  const { Item: demo } = await db.send(new GetCommand({ TableName: tableName, Key: mailboxKey(spaceId, demoId) }));
  const { gsi1pk: _g1, gsi1sk: _g2, lastError: _e, ...copy } = demo!;
  await db.send(new PutCommand({ TableName: tableName, Item: {
    ...copy, ...mailboxKey(spaceId, SEEDED_ID), id: SEEDED_ID, username: SEEDED_USER, addresses: [SEEDED_USER],
    oauth: { provider: 'local' }, needsReauthorization: true, paused: true, lastError: 'The provider refused the refresh token.',
  } }));
}

beforeAll(async () => {
  const { dynamodbUrl } = consoleSession();
  db = DynamoDBDocumentClient.from(new DynamoDBClient({
    region: 'us-east-1', endpoint: dynamodbUrl, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  }));
  await seedMailboxNeedingConsent();
  open = await openBrowser();
});
afterAll(async () => {
  await open?.close();
  // The other browser files count the demo Space's mailboxes: leave it as npm start seeded it.
  const { spaceId, tableName } = consoleSession();
  await db?.send(new DeleteCommand({ TableName: tableName, Key: mailboxKey(spaceId, SEEDED_ID) }));
});

describe('Re-authorize an OAuth2 mailbox', () => {
  it('an admin presses Re-authorize: the console starts the flow for that mailbox and opens the consent page', async () => {
    const session = consoleSession();
    const page = await open.newPage();
    await page.goto(`${session.consoleUrl}mailboxes`);
    const card = page.getByRole('article', { name: `Mailbox ${SEEDED_USER}` });
    await card.waitFor();

    // The page navigates away at once, so read the API's answer on its way to the page.
    let answered: (value: { status: number; body: string; sent: unknown }) => void;
    const started = new Promise<{ status: number; body: string; sent: unknown }>((resolve) => { answered = resolve; });
    await page.route('**/mailboxes/oauth/start', async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      answered({ status: response.status(), body, sent: route.request().postDataJSON() as unknown });
      await route.fulfill({ response, body });
    });
    // The local provider consents at once and redirects to the API's callback, so catch the navigation itself.
    const consent = page.waitForRequest((r) => r.isNavigationRequest() && r.url().startsWith(`${session.oauthLocalUrl}/authorize`));
    consent.catch(() => undefined); // awaited below; a failed click must not leave it unhandled
    await card.getByRole('button', { name: 'Re-authorize' }).click();
    const { status, body: answer, sent } = await started;
    expect(status, answer).toBe(200);
    const { authorizeUrl } = JSON.parse(answer) as { authorizeUrl: string };
    const opened = await consent.then((r) => r.url(), (error: unknown) => { throw new Error(`no navigation to ${authorizeUrl}: ${String(error)}`); });

    console.log(`re-authorize: POST /mailboxes/oauth/start ${status} ${JSON.stringify(sent)}; opened ${new URL(opened).origin}${new URL(opened).pathname}`);
    expect(sent).toEqual({ provider: 'local', mailboxId: SEEDED_ID });
    expect(opened).toBe(authorizeUrl);
  });

  it('a staff-role user sees the mailbox needs consent but no Re-authorize button', async () => {
    const session = consoleSession();
    const page = await open.newPage();
    await page.addInitScript(`sessionStorage.setItem('mailbridge.token', ${JSON.stringify(session.staffToken)});`);
    await page.goto(`${session.consoleUrl}mailboxes`);
    const card = page.getByRole('article', { name: `Mailbox ${SEEDED_USER}` });
    await card.getByText('An admin can reconnect or re-authorize this mailbox.').waitFor();

    const buttons = await card.getByRole('button').allInnerTexts();
    console.log(`staff sees on the OAuth2 mailbox: ${buttons.join(', ')}`);
    expect(buttons).toEqual(['Sync now']);
  });
});
