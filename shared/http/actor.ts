/** Who did it, for the audit trail of a write: the caller's Space and user, and the request's id. */
export const actorOf = (r: { auth: { spaceId: string; userId: string }; requestId: string }) =>
  ({ spaceId: r.auth.spaceId, userId: r.auth.userId, requestId: r.requestId });

/** The actor with the caller's role, for the writes whose rules depend on it (an admin may edit others' comments). */
export const actorWithRole = (r: { auth: { spaceId: string; userId: string; role: 'admin' | 'staff' }; requestId: string }) =>
  ({ ...actorOf(r), role: r.auth.role });
