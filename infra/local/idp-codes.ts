import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long an authorization code may wait for its token request (RFC 6749 advises ≤ 10 min). */
export const CODE_LIFETIME_MS = 60_000;

/** What an authorization code was issued for; the token request must match it. */
export interface CodeGrant {
  readonly sub: string;
  readonly clientId: string;
  readonly redirectUri: string;
  /** The S256 code_challenge of the authorize request. */
  readonly challenge: string;
}

export interface TokenRequest {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly verifier: string;
}

export type Redemption = { ok: true; grant: CodeGrant } | { ok: false; error: 'invalid_grant' | 'invalid_request'; description: string };

/** RFC 7636 verifier: 43–128 characters of [A-Za-z0-9-._~]. The challenge has the same shape. */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;
export const isPkceValue = (value: string): boolean => PKCE_VALUE.test(value);

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/**
 * Single-use, short-lived authorization codes of the local identity provider (OIDC code flow with
 * PKCE): a code is redeemed once, before it expires, by the same client and redirect URI, with the
 * verifier whose S256 challenge the authorize request carried.
 */
export function createCodeStore(now: () => number = Date.now) {
  const codes = new Map<string, CodeGrant & { expiresAt: number }>();
  return {
    issue(grant: CodeGrant): string {
      for (const [code, g] of codes) if (g.expiresAt <= now()) codes.delete(code);
      const code = randomBytes(24).toString('base64url');
      codes.set(code, { ...grant, expiresAt: now() + CODE_LIFETIME_MS });
      return code;
    },
    redeem(request: TokenRequest): Redemption {
      const grant = codes.get(request.code);
      codes.delete(request.code);
      if (grant === undefined || grant.expiresAt <= now()) return { ok: false, error: 'invalid_grant', description: 'unknown, used or expired code' };
      if (grant.clientId !== request.clientId || grant.redirectUri !== request.redirectUri) {
        return { ok: false, error: 'invalid_grant', description: 'client_id or redirect_uri differs from the authorize request' };
      }
      if (!isPkceValue(request.verifier)) return { ok: false, error: 'invalid_request', description: 'code_verifier missing or malformed' };
      const expected = Buffer.from(grant.challenge);
      const actual = Buffer.from(s256(request.verifier));
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
        return { ok: false, error: 'invalid_grant', description: 'code_verifier does not match the code_challenge' };
      }
      return { ok: true, grant };
    },
  };
}
