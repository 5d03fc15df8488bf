import { randomUUID } from 'node:crypto';
import { Command, ServiceException } from '@smithy/core/client';
import type { Statement } from '../../constructs/access-table.js';
import { accessDeniedMessage, deniedShapeOf, firstDenied, iamRequestsOf } from './local-iam.js';

export interface Grants {
  readonly roleArn: string;
  /** The role session name AWS puts in AccessDenied messages (the function name). */
  readonly session: string;
  readonly statements: readonly Statement[];
}

interface CommandMeta {
  readonly clientName: string;
  readonly commandName: string;
  readonly smithyContext?: { readonly operation?: string };
}
type Handler = (args: { input?: Record<string, unknown> }) => Promise<unknown>;
type Resolve = (this: unknown, stack: unknown, config: unknown, options: unknown, meta: CommandMeta) => Handler;

/**
 * Makes every AWS SDK call in this process pass the function's grants first. Every command of every
 * client (and lib-dynamodb's, and the S3 presigner's) resolves its handler through the one
 * `Command.resolveMiddlewareWithContext` of @smithy/core, so wrapping it there covers them all.
 * A refused call rejects with the error the service would return, before any request is sent.
 */
export function enforceIam(grants: Grants): void {
  const proto = Command.prototype as unknown as { resolveMiddlewareWithContext: Resolve };
  const original = proto.resolveMiddlewareWithContext;
  proto.resolveMiddlewareWithContext = function (stack, config, options, meta) {
    const handler = original.call(this, stack, config, options, meta);
    const operation = meta.smithyContext?.operation ?? meta.commandName.replace(/Command$/, '');
    return (args) => {
      const denied = firstDenied(grants.statements, iamRequestsOf(meta.clientName, operation, args.input ?? {}));
      if (denied === undefined) return handler(args);
      const [name, httpStatusCode] = deniedShapeOf(meta.clientName);
      return Promise.reject(new ServiceException({
        name, $fault: 'client',
        message: accessDeniedMessage(grants.roleArn, grants.session, denied.action, denied.resource),
        $metadata: { httpStatusCode, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 },
      }));
    };
  };
}
