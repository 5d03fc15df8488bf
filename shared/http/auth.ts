import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { CLAIMS, type Role } from '../config/names.js';
import { ForbiddenError } from '../domain/errors.js';
import { HttpProblemError } from './problem.js';

/** Who is calling and for which Space; taken from the verified JWT claims only. */
export interface AuthContext {
  readonly spaceId: string;
  readonly userId: string;
  readonly email?: string;
  readonly role: Role;
}

const SPACE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const rank: Record<Role, number> = { staff: 1, admin: 2 };

/**
 * Reads the caller from the authorizer's claims. A token without a Space claim is refused: the
 * Space never comes from the path, body, query or a header.
 */
export const authFromEvent = (event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'>): AuthContext => {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  const spaceId = String(claims[CLAIMS.space] ?? '');
  const userId = String(claims.sub ?? '');
  if (!SPACE_ID.test(spaceId) || !userId) throw new HttpProblemError('unauthorized', 'The token carries no Space');
  const role: Role = claims[CLAIMS.role] === 'admin' ? 'admin' : 'staff';
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  return { spaceId, userId, role, ...(email ? { email } : {}) };
};

/** @throws ForbiddenError when the caller's role is below `needed`. */
export const requireRole = (auth: AuthContext, needed: Role): void => {
  if (rank[auth.role] < rank[needed]) throw new ForbiddenError(`This needs the ${needed} role`);
};
