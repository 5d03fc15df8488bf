import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildConsole, type ConsoleBuild } from '../web/build-console.js';
import { consoleService, consoleUrlOf } from './console-service.js';
import { demoMailboxService } from './demo/mailbox.js';
import { DEMO_SPACE_ID, OTHER_SPACE_ID, seedDemo } from './demo/seed.js';
import { PREFERRED_PORTS } from './ports.js';
import { REPO_ROOT, startLocalStack, type ExtraService, type LocalStack, type Log } from './local-stack.js';
import { localOAuthService } from './oauth/oauth-service.js';
import { fakeStripeService } from './stripe/stripe-service.js';
import { ENV } from '../../shared/config/names.js';
import { treeMemory } from './process-memory.js';

/** The console signs in as the demo admin; "Switch Space" offers the other Space's admin. */
const CONSOLE_USERS = [
  { sub: 'demo-admin', email: 'admin@demo.example', spaceId: DEMO_SPACE_ID, role: 'admin' },
  { sub: 'other-admin', email: 'admin@other.example', spaceId: OTHER_SPACE_ID, role: 'admin' },
] as const;
/** Services started beside the stack, in order, after the gateway and before the pollers. */
const extraServices = (consoleBuild: Promise<ConsoleBuild>): ExtraService[] => [
  fakeStripeService(PREFERRED_PORTS.stripe), demoMailboxService, localOAuthService(),
  consoleService({ users: CONSOLE_USERS, build: consoleBuild, log: (m, f) => log(m, f) }),
];
const TOKEN_LIFETIME = '7d';

const log: Log = (message, fields) => {
  const extra = fields === undefined ? '' : ` ${JSON.stringify(fields)}`;
  console.error(`[local] ${message}${extra}`);
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false }, 'state-dir': { type: 'string' } } });
  const stateDir = resolve(values['state-dir'] ?? join(REPO_ROOT, '.local'));
  if (values.fresh) {
    await rm(join(stateDir, 'data'), { recursive: true, force: true });
    await rm(join(stateDir, 'session.json'), { force: true });
    log(`wiped ${join(stateDir, 'data')}`);
  }
  const started = Date.now();
  // The console build (skipped when its inputs did not change) runs while the emulators start.
  const consoleBuild = buildConsole();
  consoleBuild.catch(() => undefined);
  const stack = await startLocalStack({ persistent: true, stateDir, ports: PREFERRED_PORTS, extraServices: extraServices(consoleBuild), log });
  stopOnSignals(stack);

  const [demoAdmin, otherAdmin] = CONSOLE_USERS;
  const token = await stack.mintToken({ ...demoAdmin, expiresIn: TOKEN_LIFETIME });
  const otherToken = await stack.mintToken({ ...otherAdmin, expiresIn: TOKEN_LIFETIME });
  await seedDemo({ stack, tokens: { [DEMO_SPACE_ID]: token, [OTHER_SPACE_ID]: otherToken }, log });

  const session = {
    apiUrl: stack.apiUrl, consoleUrl: consoleUrlOf(stack), token, spaceId: DEMO_SPACE_ID, mailViewerUrl: stack.mailViewerUrl, smsViewerUrl: stack.smsViewerUrl,
    otherToken, otherSpaceId: OTHER_SPACE_ID,
    // For tests that seed items the API cannot create (an OAuth2 mailbox whose consent was withdrawn).
    dynamodbUrl: stack.endpoints.dynamodb, tableName: stack.tableName, oauthLocalUrl: stack.env[ENV.oauthLocalUrl],
  };
  // The banner first: whoever waits for session.json (the npm start test) then finds it printed too.
  printBanner(stack, token, stateDir, Date.now() - started);
  await writeFile(join(stateDir, 'session.json'), `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
}

function printBanner(stack: LocalStack, token: string, stateDir: string, ms: number): void {
  const lines = [
    '',
    `Mailbridge local stack ready in ${(ms / 1000).toFixed(1)} s (all on 127.0.0.1; Ctrl-C stops everything)`,
    `  Console:      ${consoleUrlOf(stack)} (signed in as admin@demo.example)`,
    `  Memory:       ${memoryLine(stack)}`,
    `  API:          ${stack.apiUrl}`,
    `  Mail viewer:  ${stack.mailViewerUrl}`,
    `  SMS sink:     ${stack.smsViewerUrl} (POST ${stack.smsViewerUrl}simulate-inbound {"from","to","body"}: a customer's SMS)`,
    `  Logs:         ${stack.logDir}/<function>.log`,
    `  OAuth2:       ${stack.env[ENV.oauthLocalUrl]} (provider "local"; ${stack.env[ENV.oauthLocalImap] ? `XOAUTH2 IMAP ${stack.env[ENV.oauthLocalImap]}` : 'set OAUTH_LOCAL_IMAP to an IMAP server that checks its tokens, see docs/mailboxes.md'})`,
    `  Space:        ${DEMO_SPACE_ID} (second Space: ${OTHER_SPACE_ID}); tokens in ${join(stateDir, 'session.json')}`,
    `  DynamoDB ${stack.endpoints.dynamodb}  SQS ${stack.endpoints.sqs}  S3 ${stack.endpoints.s3}  SES ${stack.endpoints.ses}`,
    `  Token (admin, ${DEMO_SPACE_ID}, 7 days):`,
    `  ${token}`,
    '',
    `curl -H "Authorization: Bearer ${token}" ${stack.apiUrl}/openapi.json`,
    '',
  ];
  console.log(lines.join('\n'));
}

function memoryLine(stack: LocalStack): string {
  const { totalMb, processes } = treeMemory();
  const build = stack.bundleBuild.built ? `bundles built in ${(stack.bundleBuild.ms / 1000).toFixed(1)} s` : 'bundles cached';
  return `${totalMb} MB RSS in ${processes} processes (${stack.functionPids().length} function processes; ${build})`;
}

function stopOnSignals(stack: LocalStack): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void stack.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// A bad setting or a busy port is a one-line message; the stack only helps with DEBUG set.
main().catch((err: unknown) => {
  console.error(`mailbridge: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.DEBUG && err instanceof Error) console.error(err.stack);
  process.exit(1);
});
