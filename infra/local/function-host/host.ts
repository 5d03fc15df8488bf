import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { enforceIam, type Grants } from './enforce-iam.js';
import type { HostMessage, ParentMessage } from './protocol.js';

/**
 * One Lambda execution environment: a child process that loads one function bundle and runs one
 * invocation at a time for the parent (function-pool.ts), behind the function's IAM grants.
 */
type LambdaHandler = (event: unknown, context: Context) => unknown;

let handler: LambdaHandler | undefined;
let init: Extract<ParentMessage, { type: 'init' }> | undefined;

const send = (message: HostMessage) => process.send?.(message);

function contextFor(deadline: number): Context {
  const fn = init?.functionName ?? 'unknown';
  const fail = () => { throw new Error('callback-style context methods are not supported'); };
  return {
    callbackWaitsForEmptyEventLoop: false, functionName: fn, functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${fn}`,
    memoryLimitInMB: String(init?.memoryMb ?? 128), awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn}`, logStreamName: `local/${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), done: fail, fail, succeed: fail,
  };
}

const errorOf = (err: unknown) => err instanceof Error
  ? { errorType: err.name === 'Error' ? err.constructor.name : err.name, errorMessage: err.message, trace: (err.stack ?? '').split('\n') }
  : { errorType: 'Error', errorMessage: String(err), trace: [] };

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') {
    init = message;
    const grants: Grants = { roleArn: message.roleArn, session: message.functionName, statements: message.statements };
    enforceIam(grants);
    import(pathToFileURL(message.bundle).href).then((mod: { handler?: unknown }) => {
      if (typeof mod.handler !== 'function') throw new Error(`${message.bundle} exports no handler`);
      handler = mod.handler as LambdaHandler;
      send({ type: 'ready' });
    }).catch((err: unknown) => send({ type: 'init-failed', error: errorOf(err) }));
    return;
  }
  const run = handler;
  if (run === undefined) return void send({ type: 'result', id: message.id, ok: false, error: { errorType: 'Runtime.NotReady', errorMessage: 'not initialised', trace: [] } });
  Promise.resolve()
    .then(() => run(message.event, contextFor(message.deadline)))
    // Lambda hands back JSON: undefined becomes null, Dates become strings, and so on.
    .then((value) => send({ type: 'result', id: message.id, ok: true, value: JSON.parse(JSON.stringify(value ?? null)) as unknown }))
    .catch((err: unknown) => send({ type: 'result', id: message.id, ok: false, error: errorOf(err) }));
});
