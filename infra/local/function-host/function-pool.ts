import { fork, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import type { Statement } from '../../constructs/access-table.js';
import type { FunctionName } from '../../../shared/config/names.js';
import { FunctionCrashedError, FunctionError, FunctionTimeoutError } from '../function-runtime.js';
import type { HostMessage, ParentMessage } from './protocol.js';

export interface PoolSpec {
  readonly fn: FunctionName;
  readonly hostFile: string;
  readonly bundle: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly roleArn: string;
  readonly statements: readonly Statement[];
  /** Read at each spawn, so variables added after start (extra services) reach new processes. */
  readonly env: () => Record<string, string>;
  /** Execution environments at once; more invocations wait for one. */
  readonly maxProcesses: number;
  /** An idle process is stopped after this long, as Lambda reclaims idle environments. */
  readonly idleMs: number;
  /** How long loading the bundle may take (Lambda's init phase). */
  readonly initTimeoutMs: number;
  /** Where the processes' stdout and stderr go (the function's log group). */
  readonly logGroup?: Writable;
  /** Whether the output also goes to this process's terminal. @default true */
  readonly echoLogs?: boolean;
}

interface Host {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  busy: boolean;
  /** Killed or exited: never handed another invocation. */
  dead: boolean;
  idleTimer?: NodeJS.Timeout;
  /** Rejects the invocation in flight when the process dies under it. */
  onExit?: (err: Error) => void;
}

/**
 * The execution environments of one function: child processes spawned on demand (one invocation at
 * a time each, up to maxProcesses), reaped when idle, killed on timeout. A crash or heap exhaustion
 * fails the invocation in flight and nothing else; the next invocation gets a fresh process.
 */
export function createFunctionPool(spec: PoolSpec) {
  const hosts = new Set<Host>();
  const waiting: { resolve: (host: Host) => void; reject: (err: Error) => void }[] = [];
  let nextId = 0;
  let stopped = false;

  /** Takes a dead process out of the pool; a waiting invocation gets a fresh one in its slot. */
  const retire = (host: Host) => {
    host.dead = true;
    clearTimeout(host.idleTimer);
    if (!hosts.delete(host)) return;
    const next = waiting.shift();
    if (next !== undefined) next.resolve(add());
  };
  const kill = (host: Host, signal: NodeJS.Signals) => {
    host.dead = true;
    host.child.kill(signal);
  };

  const spawnHost = (): Host => {
    // Lambda's Node runtime gives the heap most of the function's memory; the rest is native memory.
    const heapMb = Math.max(64, Math.floor(spec.memoryMb * 0.85));
    const child = fork(spec.hostFile, [], {
      env: spec.env(), execArgv: [`--max-old-space-size=${heapMb}`, '--enable-source-maps'],
      stdio: ['ignore', spec.logGroup ? 'pipe' : 'inherit', spec.logGroup ? 'pipe' : 'inherit', 'ipc'],
    });
    if (spec.logGroup) teeOutput(child, spec.logGroup, spec.echoLogs ?? true);
    const exitError = (code: number | null, signal: NodeJS.Signals | null) =>
      new FunctionCrashedError(spec.fn, signal !== null ? `signal ${signal}` : `exit code ${String(code)}`);
    const host: Host = {
      child, busy: true, dead: false,
      ready: new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => { kill(host, 'SIGKILL'); reject(new FunctionCrashedError(spec.fn, 'init timed out')); }, spec.initTimeoutMs);
        child.once('message', (m: HostMessage) => {
          clearTimeout(timer);
          if (m.type === 'ready') return resolve();
          kill(host, 'SIGKILL');
          reject(m.type === 'init-failed' ? new FunctionError(spec.fn, m.error) : new FunctionCrashedError(spec.fn, 'unexpected message during init'));
        });
        child.once('exit', (code, signal) => { clearTimeout(timer); reject(exitError(code, signal)); });
      }),
    };
    host.ready.catch(() => undefined);
    child.once('exit', (code, signal) => {
      host.onExit?.(exitError(code, signal));
      retire(host);
    });
    child.on('error', () => undefined);
    const init: ParentMessage = { type: 'init', bundle: spec.bundle, functionName: `mailbridge-local-${spec.fn}`, memoryMb: spec.memoryMb, roleArn: spec.roleArn, statements: spec.statements };
    child.send(init);
    return host;
  };
  const add = (): Host => {
    const host = spawnHost();
    hosts.add(host);
    return host;
  };

  const acquire = (): Promise<Host> => {
    for (const host of hosts) {
      if (!host.busy && !host.dead) {
        host.busy = true;
        clearTimeout(host.idleTimer);
        return Promise.resolve(host);
      }
    }
    if (hosts.size < spec.maxProcesses) return Promise.resolve(add());
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };

  const release = (host: Host) => {
    if (host.dead) return retire(host);
    const next = waiting.shift();
    if (next !== undefined) return next.resolve(host);
    host.busy = false;
    host.idleTimer = setTimeout(() => kill(host, 'SIGTERM'), spec.idleMs);
    host.idleTimer.unref();
  };

  const runOn = (host: Host, event: unknown): Promise<unknown> => new Promise((resolve, reject) => {
    const id = ++nextId;
    const deadline = Date.now() + spec.timeoutSeconds * 1000;
    const timer = setTimeout(() => {
      host.onExit = undefined;
      // Lambda stops the environment of a timed-out invocation; the next one starts fresh.
      kill(host, 'SIGKILL');
      reject(new FunctionTimeoutError(spec.fn, spec.timeoutSeconds));
    }, spec.timeoutSeconds * 1000);
    const onMessage = (m: HostMessage) => {
      if (m.type !== 'result' || m.id !== id) return;
      clearTimeout(timer);
      host.child.off('message', onMessage);
      host.onExit = undefined;
      if (m.ok) resolve(m.value);
      else reject(new FunctionError(spec.fn, m.error));
    };
    host.onExit = (err) => { clearTimeout(timer); host.child.off('message', onMessage); reject(err); };
    host.child.on('message', onMessage);
    const message: ParentMessage = { type: 'invoke', id, event, deadline };
    host.child.send(message);
  });

  return {
    async invoke(event: unknown): Promise<unknown> {
      if (stopped) throw new FunctionCrashedError(spec.fn, 'the local stack is stopping');
      const host = await acquire();
      try {
        await host.ready;
        return await runOn(host, event);
      } finally {
        release(host);
      }
    },
    /** Processes alive now (for RSS figures and tests). */
    pids: (): number[] => [...hosts].map((h) => h.child.pid ?? 0).filter((pid) => pid > 0),
    async stop(): Promise<void> {
      stopped = true;
      for (const waiter of waiting.splice(0)) waiter.reject(new FunctionCrashedError(spec.fn, 'the local stack is stopping'));
      const exits = [...hosts].map((h) => new Promise<void>((resolve) => {
        if (h.child.exitCode !== null || h.child.signalCode !== null) return resolve();
        h.child.once('exit', () => resolve());
        kill(h, 'SIGKILL');
      }));
      await Promise.all(exits);
    },
  };
}

export type FunctionPool = ReturnType<typeof createFunctionPool>;

/** A process's output to its log group, and to the terminal when echoed. */
function teeOutput(child: ChildProcess, logGroup: Writable, echo: boolean): void {
  const tee = (from: NodeJS.ReadableStream | null, terminal: NodeJS.WriteStream) => from?.on('data', (chunk: Buffer) => {
    if (echo) terminal.write(chunk);
    if (logGroup.writable) logGroup.write(chunk);
  });
  tee(child.stdout, process.stdout);
  tee(child.stderr, process.stderr);
}
