import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { QUEUES, throttleFor, type FunctionName, type QueueId, type ThrottleSettings } from '../../shared/config/names.js';
import { CONTRACTS } from '../../shared/http/contracts/index.js';
import { statementsOf } from '../constructs/access-table.js';
import { APP_SECRET_ENV, appSecretEnv } from '../function-environment.js';
import { startDynamoDbLocal } from './emulators/dynamodb.js';
import { startKmsEmulator } from './emulators/kms.js';
import { startSecretsManagerEmulator } from './emulators/secrets-manager.js';
import { startS3Emulator } from './emulators/s3.js';
import { startSesEmulator } from './emulators/ses.js';
import { startSmsSink } from './emulators/sms.js';
import { startSqsEmulator } from './emulators/sqs.js';
import { appSecretJson, functionEnvironment, LOCAL_MAIL_FROM, LOCAL_SMS_INBOUND_TOPIC_ARN, localEnvironment, type EnvironmentInput, type LocalEndpoints } from './environment.js';
import { createBundleRuntime } from './function-host/bundle-runtime.js';
import { localAccessArns } from './function-host/local-arns.js';
import { buildLocalBundles } from './function-host/local-bundles.js';
import { withOverrides, type FunctionRuntime, type HandlerOverrides } from './function-runtime.js';
import { createJwtAuthorizer } from './gateway/jwt.js';
import { startGateway, type LocalRoute } from './gateway/server.js';
import { IDP_PATH, LOCAL_AUDIENCE, loadIdpKeys, mintToken, type IdpKeys, type TokenInput } from './idp.js';
import { idpRoutes } from './idp-routes.js';
import { LOCAL_POLL_IDLE, startPollers } from './pollers.js';
import { createRequestCounter, observeServer, startCountingProxy, type RequestCounter } from './request-counter.js';
import { ensureBucket, ensureQueues, ensureTable, LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME, type QueueUrls } from './resources.js';
import { startScheduler, type Scheduler } from './scheduler.js';
import { createLocalSns, LOCAL_SES_TOPIC_ARN, LOCAL_SNS_CERT_PATH, type LocalSnsTopic } from './ses-events/local-sns.js';
import { createSesEvents, LOCAL_SES_CONFIGURATION_SET, type SesEvents } from './ses-events/ses-events.js';
import { startSesFront } from './ses-events/ses-front.js';
import { loadLocalSecrets, type LocalSecrets } from './secrets.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** The repository root (handler entries in FUNCTIONS are relative to it). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Log = (message: string, fields?: Record<string, unknown>) => void;

/** A process started beside the stack (demo IMAP server, fake Stripe...); see start.ts. */
export interface ExtraService {
  readonly name: string;
  start(stack: LocalStack): Promise<StartedService>;
}
export interface StartedService {
  /** Variables for the functions' processes and for in-process callers (merged into process.env). */
  readonly env?: Record<string, string>;
  /**
   * Entries the local Secrets Manager adds to the app secret (as the deployment's secret would hold
   * them); in-process callers get them under their environment names (appSecretEnv).
   */
  readonly appSecret?: Partial<Record<keyof typeof APP_SECRET_ENV, string>>;
  /** One banner line, e.g. `IMAP demo mailbox: 127.0.0.1:1143 demo/demo`. */
  readonly info?: string;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Keep data in `<stateDir>/data` and keys in `<stateDir>/keys`; otherwise all in a temp dir. */
  readonly persistent?: boolean;
  /** Default `<repo>/.local`. */
  readonly stateDir?: string;
  /** Preferred ports (a busy one falls back to a free one); 0 or absent = any free port. */
  readonly ports?: Partial<Record<'api' | 'dynamodb' | 'sqs' | 's3' | 'ses' | 'kms' | 'secretsManager' | 'sms', number>>;
  /** Visibility timeout for every queue and poller (tests use 1–2 s); default visibilityTimeoutFor. */
  readonly visibilityTimeoutSeconds?: number;
  /** Functions that run in this process instead of their bundle (tests plug in their own consumers). */
  readonly handlers?: HandlerOverrides;
  /** Entry file per function instead of FUNCTIONS[fn].entry (tests bundle fixtures). */
  readonly entries?: Partial<Record<FunctionName, string>>;
  /** Run the queue pollers (default true). */
  readonly pollers?: boolean;
  /** Run the poll-mailboxes schedule, once at start and every POLL_SCHEDULE_MINUTES (default true). */
  readonly scheduler?: boolean;
  readonly extraRoutes?: readonly LocalRoute[];
  /** The gateway's per-route throttle. @default the stage's API_THROTTLE */
  readonly throttleFor?: (routeKey: string) => ThrottleSettings;
  readonly extraServices?: readonly ExtraService[];
  /** Count the requests DynamoDB, S3 and SQS answer, by operation (the sync benchmark's cost model). */
  readonly countRequests?: boolean;
  /**
   * The functions' logs: their level (POWERTOOLS_LOG_LEVEL, default the parent's), and whether they
   * are also echoed to the terminal (default true); they always go to `<logDir>/<function>.log`.
   */
  readonly functionLogs?: { readonly level?: string; readonly echo?: boolean };
  readonly log?: Log;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly endpoints: LocalEndpoints;
  /** SES viewer page; `GET <sesUrl>/store` lists sent mail as JSON. */
  readonly mailViewerUrl: string;
  /** SMS sink viewer page; `GET <it>store` lists sent SMS, `POST <it>simulate-inbound` delivers a customer's SMS. */
  readonly smsViewerUrl: string;
  readonly tableName: string;
  readonly bucket: string;
  readonly queues: Record<QueueId, QueueUrls>;
  readonly secrets: LocalSecrets;
  readonly idp: IdpKeys;
  /** Everything set in process.env for in-process callers (tests); functions get functionEnv(fn). */
  readonly env: Record<string, string>;
  /** What one function's process starts with. */
  functionEnv(fn: FunctionName): Record<string, string>;
  readonly runtime: FunctionRuntime;
  /** Pids of the function processes alive now (their RSS adds to the stack's). */
  functionPids(): number[];
  /** How long preparing the bundles took, and whether a cached build was used. */
  readonly bundleBuild: { readonly ms: number; readonly built: boolean };
  readonly scheduler: Scheduler | undefined;
  /** With `countRequests`: the counts, and endpoints that bypass them (for the caller's own probes). */
  readonly requests: { readonly counter: RequestCounter; readonly uncounted: LocalEndpoints } | undefined;
  /** `<stateDir>/data` when persistent (what `npm start -- --fresh` wipes); undefined otherwise. */
  readonly dataDir: string | undefined;
  /** The functions' log groups: `<logDir>/<function>.log`, everything each function wrote since the start. */
  readonly logDir: string;
  /** Mints a token the gateway accepts (issuer and audience filled in). */
  mintToken(input: Omit<TokenInput, 'issuer' | 'audience'>): Promise<string>;
  /** Mounts a local-only route on the gateway (e.g. the checkout landing pages). */
  addRoute(route: LocalRoute): void;
  stop(): Promise<void>;
}

/** Starts emulators, resources, gateway, pollers and scheduler on 127.0.0.1; `stop()` undoes all. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log: Log = options.log ?? (() => undefined);
  const persistent = options.persistent === true;
  const stateDir = persistent ? resolve(options.stateDir ?? join(REPO_ROOT, '.local')) : await mkdtemp(join(tmpdir(), 'mailbridge-'));
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err: unknown) => log('stop failed', { error: String(err) }));
    if (!persistent) await rm(stateDir, { recursive: true, force: true });
  };
  try {
    const ports = options.ports ?? {};
    const s3Dir = join(stateDir, 'data', 's3');
    await mkdir(s3Dir, { recursive: true });
    const dynamoDir = persistent ? join(stateDir, 'data', 'dynamodb') : undefined;
    if (dynamoDir !== undefined) await mkdir(dynamoDir, { recursive: true });
    const tracked = <T extends { stop(): Promise<void> }>(p: Promise<T>) => p.then((s) => { stops.push(() => s.stop()); return s; });
    const secrets = await loadLocalSecrets(join(stateDir, 'keys'));
    // What extra services add to the app secret (the fake Stripe API's key), served from then on.
    const secretExtras: Record<string, string> = {};
    // The sink publishes simulated inbound SMS to the twin's SNS, which exists only once the function host is up.
    let smsTopic: LocalSnsTopic | undefined;
    // allSettled, not all: a slow emulator must not start after a failed start was cleaned up.
    const [dynamo, sqs, s3, ses, kms, secretsManager, sms, idp, bundles] = await settleAll([
      tracked(startDynamoDbLocal({ port: ports.dynamodb ?? 0, dbPath: dynamoDir, log: (line) => log(`dynamodb: ${line}`) })),
      tracked(startSqsEmulator(ports.sqs ?? 0)),
      tracked(startS3Emulator(ports.s3 ?? 0, s3Dir)),
      tracked(startSesEmulator(ports.ses ?? 0)),
      tracked(startKmsEmulator(ports.kms ?? 0, secrets.masterKeyFile)),
      tracked(startSecretsManagerEmulator(ports.secretsManager ?? 0, () => ({ ...appSecretJson(secrets), ...secretExtras }))),
      tracked(startSmsSink({
        port: ports.sms ?? 0,
        publish: async (message) => {
          if (smsTopic === undefined) throw new Error('the function host is not up yet');
          return smsTopic.publish(message);
        },
      })),
      loadIdpKeys(join(stateDir, 'keys')),
      buildLocalBundles({ root: REPO_ROOT, ...(options.entries ? { entries: options.entries } : {}) }),
    ] as const);
    log(bundles.built ? 'function bundles built' : 'function bundles unchanged (cached build)', { ms: bundles.ms, dir: bundles.dir });
    // The functions reach SES through the front, which knows the configuration set and publishes its events.
    let sesEvents: SesEvents | undefined;
    const sesFront = await tracked(startSesFront({
      target: ses.endpoint, configurationSet: LOCAL_SES_CONFIGURATION_SET,
      onSend: (send) => sesEvents?.onSend(send),
      localRoute: (req, body, res) => (sesEvents ? sesEvents.route(req, body, res) : Promise.resolve(false)),
    }));
    const snsCertUrl = `${sesFront.endpoint}${LOCAL_SNS_CERT_PATH}`;
    const direct: LocalEndpoints = {
      dynamodb: dynamo.endpoint, sqs: sqs.endpoint, s3: s3.endpoint, ses: sesFront.endpoint, kms: kms.endpoint, secretsManager: secretsManager.endpoint,
      sms: sms.endpoint,
    };
    let endpoints = direct;
    let requests: LocalStack['requests'];
    if (options.countRequests) {
      const counter = createRequestCounter();
      // SQS queue URLs embed the emulator's port, so SQS and S3 are counted at their own servers.
      observeServer(sqs.server, 'sqs', counter);
      observeServer(s3.server, 's3', counter);
      const proxy = await tracked(startCountingProxy(dynamo.endpoint, 'dynamodb', counter));
      endpoints = { ...direct, dynamodb: proxy.endpoint };
      requests = { counter, uncounted: direct };
    }
    const clients = localClients(endpoints);
    stops.push(async () => { clients.dynamodb.destroy(); clients.sqs.destroy(); clients.s3.destroy(); });
    const [, queues] = await Promise.all([
      ensureTable(clients.dynamodb),
      ensureQueues(clients.sqs, options.visibilityTimeoutSeconds),
      ensureBucket(clients.s3),
    ]);

    let envInput: EnvironmentInput | undefined;
    const serviceEnv: Record<string, string> = {};
    const functionEnv = (fn: FunctionName) => {
      if (envInput === undefined) throw new Error('the gateway is not up yet');
      const level = options.functionLogs?.level;
      return { ...functionEnvironment(fn, envInput, serviceEnv), ...(level ? { POWERTOOLS_LOG_LEVEL: level } : {}) };
    };
    const arns = localAccessArns({
      tableName: LOCAL_TABLE_NAME, bucket: LOCAL_BUCKET_NAME, mailboxKeyArn: kms.keyArn, appSecretArn: secretsManager.secretArn, mailFrom: LOCAL_MAIL_FROM,
      configurationSet: LOCAL_SES_CONFIGURATION_SET, queueUrls: { sync: queues.sync.url, parse: queues.parse.url, link: queues.link.url },
    });
    const logDir = join(stateDir, 'logs');
    await mkdir(logDir, { recursive: true });
    const functions = createBundleRuntime({ bundles, envFor: functionEnv, statementsFor: (fn) => statementsOf(fn, arns),
      logs: { dir: logDir, echo: options.functionLogs?.echo ?? true },
    });
    stops.push(() => functions.stop());
    const runtime = withOverrides(functions, options.handlers);
    const sns = createLocalSns({ runtime, certUrl: snsCertUrl, log });
    smsTopic = sns.topic(LOCAL_SMS_INBOUND_TOPIC_ARN, 'sms-inbound');
    sesEvents = createSesEvents(sns.topic(LOCAL_SES_TOPIC_ARN, 'ses-notifications'), LOCAL_SES_CONFIGURATION_SET);
    const gateway = await tracked(startGateway({
      port: ports.api ?? 0,
      contracts: CONTRACTS,
      runtime,
      throttleFor: options.throttleFor ?? throttleFor,
      authorizerFor: (url) => createJwtAuthorizer({ issuer: `${url}${IDP_PATH}`, audience: LOCAL_AUDIENCE, jwks: idp.jwks }),
      log,
    }));
    const issuer = `${gateway.url}${IDP_PATH}`;
    envInput = {
      endpoints, tableName: LOCAL_TABLE_NAME, queues, bucket: LOCAL_BUCKET_NAME, secrets, gatewayUrl: gateway.url,
      mailboxKeyArn: kms.keyArn, appSecretArn: secretsManager.secretArn, snsCertUrl,
    };
    const env = localEnvironment(envInput);
    Object.assign(process.env, env);
    for (const route of [...idpRoutes(issuer, idp.jwks), ...(options.extraRoutes ?? [])]) gateway.addRoute(route);

    let scheduler: Scheduler | undefined;
    const stack: LocalStack = {
      apiUrl: gateway.url, issuer, audience: LOCAL_AUDIENCE, endpoints, mailViewerUrl: `${ses.endpoint}/`, smsViewerUrl: `${sms.endpoint}/`,
      tableName: LOCAL_TABLE_NAME, bucket: LOCAL_BUCKET_NAME, queues, secrets, idp, env, functionEnv, runtime,
      functionPids: () => functions.pids(), bundleBuild: { ms: bundles.ms, built: bundles.built },
      dataDir: persistent ? join(stateDir, 'data') : undefined, logDir,
      get scheduler() { return scheduler; }, requests,
      mintToken: (input) => mintToken(idp, { ...input, issuer, audience: LOCAL_AUDIENCE }),
      addRoute: (route) => gateway.addRoute(route),
      stop: stopAll,
    };
    for (const service of options.extraServices ?? []) {
      const started = await service.start(stack);
      stops.push(() => started.stop());
      Object.assign(secretExtras, started.appSecret ?? {});
      const inProcess = { ...started.env, ...appSecretEnv(started.appSecret ?? {}) };
      Object.assign(env, inProcess);
      Object.assign(serviceEnv, started.env ?? {});
      Object.assign(process.env, inProcess);
      if (started.info !== undefined) log(`${service.name}: ${started.info}`);
    }
    if (options.pollers !== false) {
      const pollers = startPollers({
        client: clients.sqs, runtime, log, ...LOCAL_POLL_IDLE, wakeOn: (wake) => onSend(sqs.server, wake),
        queues: (Object.keys(QUEUES) as QueueId[]).map((id) => ({
          url: queues[id].url, arn: queues[id].arn, consumer: QUEUES[id].consumer,
          batchSize: QUEUES[id].batchSize, visibilityTimeoutSeconds: queues[id].visibilityTimeoutSeconds,
          concurrency: QUEUES[id].maxConcurrency,
        })),
      });
      stops.push(() => pollers.stop());
    }
    if (options.scheduler !== false) {
      const started = startScheduler({ runtime, runAtStart: true, log });
      scheduler = started;
      stops.push(() => started.stop());
    }
    return stack;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * Calls `wake(queueUrl)` after each send to the SQS emulator (SendMessage, SendMessageBatch); the
 * queue is read from the start of the JSON request body.
 */
export function onSend(server: Server, wake: (queueUrl: string) => void): () => void {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (!/\.SendMessage(Batch)?$/.test(String(req.headers['x-amz-target'] ?? ''))) return;
    let head = '';
    const read = (chunk: Buffer) => {
      head += chunk.toString('utf8', 0, Math.min(chunk.length, QUEUE_URL_SCAN_BYTES));
      if (head.length >= QUEUE_URL_SCAN_BYTES || QUEUE_URL.test(head)) req.off('data', read);
    };
    req.on('data', read);
    res.once('finish', () => {
      const url = QUEUE_URL.exec(head)?.[1];
      if (url !== undefined && res.statusCode < 300) wake(url);
    });
  };
  server.on('request', listener);
  return () => { server.off('request', listener); };
}

const QUEUE_URL = /"QueueUrl"\s*:\s*"([^"]+)"/;
/** The SDK writes QueueUrl before the entries; an envelope's bodies need not be read to find it. */
const QUEUE_URL_SCAN_BYTES = 4096;

/** Like Promise.all, but rejects only once every promise has settled. */
async function settleAll<T extends readonly unknown[]>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** SDK clients pointed at the emulators (the handlers build their own from process.env). */
export function localClients(endpoints: LocalEndpoints): { dynamodb: DynamoDBClient; sqs: SQSClient; s3: S3Client } {
  const base = { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  return {
    dynamodb: new DynamoDBClient({ ...base, endpoint: endpoints.dynamodb }),
    sqs: new SQSClient({ ...base, endpoint: endpoints.sqs }),
    s3: new S3Client({
      ...base, endpoint: endpoints.s3, forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  };
}
