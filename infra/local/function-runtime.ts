import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionName } from '../../shared/config/names.js';

/** Any Lambda handler: the local runtime calls it with (event, context). */
export type LambdaHandler = (event: never, context: Context) => Promise<unknown> | unknown;

/** Handlers that replace the entry files (tests plug in their own consumers). */
export type HandlerOverrides = Partial<Record<FunctionName, LambdaHandler>>;

/** The function's entry file does not exist (yet) or has no `handler` export. */
export class FunctionMissingError extends Error {
  constructor(readonly fn: FunctionName, readonly entry: string) {
    super(`function ${fn} has no handler at ${entry}`);
  }
}

/** The handler ran past its configured timeout. */
export class FunctionTimeoutError extends Error {
  constructor(readonly fn: FunctionName, readonly timeoutSeconds: number) {
    super(`function ${fn} timed out after ${timeoutSeconds} s`);
  }
}

/** The function's process died under the invocation (crash, process.exit, heap exhaustion, init failure). */
export class FunctionCrashedError extends Error {
  constructor(readonly fn: FunctionName, readonly reason: string) {
    super(`function ${fn}: Runtime exited (${reason})`);
  }
}

/** The handler threw (or rejected); carries what the Lambda runtime reports. */
export class FunctionError extends Error {
  readonly errorType: string;
  constructor(readonly fn: FunctionName, error: { errorType: string; errorMessage: string; trace?: readonly string[] }) {
    super(`function ${fn} failed: ${error.errorType}: ${error.errorMessage}`);
    this.errorType = error.errorType;
    if (error.trace !== undefined && error.trace.length > 0) this.stack = error.trace.join('\n');
  }
}

export interface FunctionRuntime {
  /** True when the function can be invoked (override given or entry file present). */
  has(fn: FunctionName): boolean;
  /** Invokes the function like Lambda: one event, a fresh context, the configured timeout. */
  invoke(fn: FunctionName, event: unknown): Promise<unknown>;
}

/**
 * Runs handlers in this process by dynamic import of FUNCTIONS[fn].entry (relative to `root`), once
 * each. Tests use it with `overrides` (in-process consumers); the local stack runs bundles in child
 * processes instead (function-host/bundle-runtime.ts) and layers overrides on top with withOverrides.
 */
export function createFunctionRuntime(root: string, overrides: HandlerOverrides = {}): FunctionRuntime {
  const loaded = new Map<FunctionName, Promise<LambdaHandler>>();
  const load = (fn: FunctionName): Promise<LambdaHandler> => {
    const override = overrides[fn];
    if (override !== undefined) return Promise.resolve(override);
    let pending = loaded.get(fn);
    if (pending === undefined) {
      pending = importHandler(root, fn);
      loaded.set(fn, pending);
      pending.catch(() => loaded.delete(fn));
    }
    return pending;
  };
  return {
    has: (fn) => overrides[fn] !== undefined || existsSync(resolve(root, FUNCTIONS[fn].entry)),
    async invoke(fn, event) {
      const handler = await load(fn);
      const { timeoutSeconds } = FUNCTIONS[fn];
      const context = lambdaContext(fn, Date.now() + timeoutSeconds * 1000);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new FunctionTimeoutError(fn, timeoutSeconds)), timeoutSeconds * 1000);
      });
      try {
        return await Promise.race([Promise.resolve(handler(event as never, context)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function importHandler(root: string, fn: FunctionName): Promise<LambdaHandler> {
  const entry = FUNCTIONS[fn].entry;
  const file = resolve(root, entry);
  if (!existsSync(file)) throw new FunctionMissingError(fn, entry);
  const mod = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof mod.handler !== 'function') throw new FunctionMissingError(fn, entry);
  return mod.handler as LambdaHandler;
}

/** A Lambda context with the fields Powertools and middy read. */
export function lambdaContext(fn: FunctionName, deadline: number): Context {
  const functionName = `mailbridge-local-${fn}`;
  const fail = () => { throw new Error('callback-style context methods are not supported locally'); };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: String(FUNCTIONS[fn].memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}

/** `runtime`, except that the functions in `overrides` run in this process. */
export function withOverrides(runtime: FunctionRuntime, overrides: HandlerOverrides = {}): FunctionRuntime {
  if (Object.keys(overrides).length === 0) return runtime;
  const inProcess = createFunctionRuntime('', overrides);
  return {
    has: (fn) => overrides[fn] !== undefined || runtime.has(fn),
    invoke: (fn, event) => (overrides[fn] !== undefined ? inProcess.invoke(fn, event) : runtime.invoke(fn, event)),
  };
}
