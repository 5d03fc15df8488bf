import { importPKCS8, SignJWT } from 'jose';
import { inject } from 'vitest';
import { CLAIMS, type FunctionName, type Role } from '../../shared/config/names.js';

/** What tests/support/global-setup.ts hands every integration test worker. */
export interface ProvidedStack {
  readonly apiUrl: string;
  readonly mailViewerUrl: string;
  /** The SMS sink's viewer (`store`, `simulate-inbound` beside it). */
  readonly smsViewerUrl: string;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly s3: string; readonly ses: string; readonly kms: string; readonly secretsManager: string; readonly sms: string };
  /** Every variable the handlers see (TABLE_NAME, queue URLs, MAIL_BUCKET, key file, secrets...). */
  readonly env: Readonly<Record<string, string>>;
  readonly tableName: string;
  readonly bucket: string;
  readonly queues: Readonly<Record<'sync' | 'parse' | 'link', { url: string; arn: string; dlqUrl: string; dlqArn: string }>>;
  readonly visibilityTimeoutSeconds: number;
  /** What each function's process starts with (the stack's variables, APP_SECRET_ID, local endpoints). */
  readonly functionEnv: Readonly<Record<FunctionName, Readonly<Record<string, string>>>>;
  readonly idp: { readonly issuer: string; readonly audience: string; readonly kid: string; readonly privateKeyPem: string };
  /** The functions' log groups, `<logDir>/<function>.log`: what each deployed bundle wrote. */
  readonly logDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

/** The running local stack (started once per `vitest run` by the integration globalSetup). */
export function localStack(): ProvidedStack {
  return inject('stack');
}

/**
 * Sets process.env in this test worker like the handlers see it (endpoints, names, secrets), so
 * `new DynamoDBClient({})` and handler modules imported in the test reach the local emulators.
 */
export function useLocalStackEnv(): ProvidedStack {
  const stack = localStack();
  Object.assign(process.env, stack.env);
  return stack;
}

export interface TestTokenInput {
  readonly spaceId: string;
  readonly role?: Role;
  readonly sub?: string;
  readonly email?: string;
  /** Seconds from now; default 3600. */
  readonly expiresIn?: number;
  /** Extra or overriding claims (e.g. `{ iss: 'other' }` for negative tests). */
  readonly claims?: Record<string, unknown>;
}

/** Mints an RS256 token the local gateway accepts for `spaceId` (admin unless told otherwise). */
export async function mintTestToken(input: TestTokenInput): Promise<string> {
  const { idp } = localStack();
  const key = await importPKCS8(idp.privateKeyPem, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const sub = input.sub ?? `user-${input.spaceId}`;
  return new SignJWT({
    iss: idp.issuer,
    aud: idp.audience,
    sub,
    email: input.email ?? `${sub}@${input.spaceId}.example`,
    [CLAIMS.space]: input.spaceId,
    [CLAIMS.role]: input.role ?? 'admin',
    iat: now,
    exp: now + (input.expiresIn ?? 3600),
    ...input.claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: idp.kid, typ: 'JWT' })
    .sign(key);
}

/** fetch against the local API with a bearer token for `spaceId`. */
export async function apiFetch(
  path: string, init: RequestInit & { spaceId?: string; role?: Role; token?: string } = {},
): Promise<Response> {
  const { spaceId, role, token, ...rest } = init;
  const bearer = token ?? (spaceId !== undefined ? await mintTestToken({ spaceId, role }) : undefined);
  const headers = new Headers(rest.headers);
  if (bearer !== undefined) headers.set('authorization', `Bearer ${bearer}`);
  return fetch(`${localStack().apiUrl}${path}`, { ...rest, headers });
}
