import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Statement } from '../../constructs/access-table.js';
import { FUNCTIONS, type FunctionName } from '../../../shared/config/names.js';
import type { FunctionRuntime } from '../function-runtime.js';
import { createFunctionPool, type FunctionPool } from './function-pool.js';
import { localRoleArn } from './local-arns.js';
import type { LocalBundles } from './local-bundles.js';

export interface BundleRuntimeOptions {
  readonly bundles: LocalBundles;
  /** The function's environment, read when a process starts. */
  readonly envFor: (fn: FunctionName) => Record<string, string>;
  /** The function's IAM statements (statementsOf from the access table, with local ARNs). */
  readonly statementsFor: (fn: FunctionName) => readonly Statement[];
  /** Processes per function at most. @default the number of CPU cores, at least 2 */
  readonly maxProcesses?: number;
  /** Idle processes stop after this long. @default 60 s */
  readonly idleMs?: number;
  /**
   * Each function's log group as a file `<dir>/<function>.log` (what CloudWatch Logs holds in AWS),
   * emptied at start; `echo` also writes the output to this process's terminal.
   */
  readonly logs?: { readonly dir: string; readonly echo: boolean };
}

export interface BundleRuntime extends FunctionRuntime {
  /** Pids of every function process alive now. */
  pids(): number[];
  stop(): Promise<void>;
}

/**
 * More processes of one function than cores only add memory and context switches on a laptop;
 * invocations past the cap wait for a free process (Lambda would start another environment).
 */
const DEFAULT_MAX_PROCESSES = Math.max(2, availableParallelism());

/** Runs each function's deployed bundle in child processes of its own (see function-pool.ts). */
export function createBundleRuntime(options: BundleRuntimeOptions): BundleRuntime {
  const pools = new Map<FunctionName, FunctionPool>();
  const logGroups = new Map<FunctionName, WriteStream>();
  const logGroupOf = (fn: FunctionName) => {
    if (options.logs === undefined) return undefined;
    const group = logGroups.get(fn) ?? createWriteStream(join(options.logs.dir, `${fn}.log`), { flags: 'w', mode: 0o600 });
    logGroups.set(fn, group);
    return group;
  };
  const poolOf = (fn: FunctionName): FunctionPool => {
    let pool = pools.get(fn);
    if (pool === undefined) {
      pool = createFunctionPool({
        fn, hostFile: options.bundles.hostFile, bundle: options.bundles.bundleOf(fn),
        memoryMb: FUNCTIONS[fn].memoryMb, timeoutSeconds: FUNCTIONS[fn].timeoutSeconds,
        roleArn: localRoleArn(fn), statements: options.statementsFor(fn), env: () => options.envFor(fn),
        maxProcesses: options.maxProcesses ?? DEFAULT_MAX_PROCESSES, idleMs: options.idleMs ?? 60_000, initTimeoutMs: 30_000,
        logGroup: logGroupOf(fn), echoLogs: options.logs?.echo ?? true,
      });
      pools.set(fn, pool);
    }
    return pool;
  };
  return {
    has: (fn) => existsSync(options.bundles.bundleOf(fn)),
    invoke: (fn, event) => poolOf(fn).invoke(event),
    pids: () => [...pools.values()].flatMap((p) => p.pids()),
    async stop() {
      await Promise.all([...pools.values()].map((p) => p.stop()));
      await Promise.all([...logGroups.values()].map((group) => new Promise((resolve) => group.end(resolve))));
    },
  };
}
