import type { Statement } from '../../constructs/access-table.js';

/** What a function host child process and its parent say to each other over the IPC channel. */
export type ParentMessage =
  | { type: 'init'; bundle: string; functionName: string; memoryMb: number; roleArn: string; statements: readonly Statement[] }
  | { type: 'invoke'; id: number; event: unknown; deadline: number };

/** A handler failure as the Lambda runtime reports it. */
export interface InvocationError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

export type HostMessage =
  | { type: 'ready' }
  | { type: 'init-failed'; error: InvocationError }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: InvocationError };
