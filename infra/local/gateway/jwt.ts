import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

export interface JwtAuthorizerConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: JSONWebKeySet;
}

/** What API Gateway puts in `requestContext.authorizer.jwt`: claims flattened to strings. */
export interface JwtAuthorization {
  readonly claims: Record<string, string | number | boolean | string[]>;
  readonly scopes: string[] | null;
}

/** A refusal carries why (`tokenError`) unless no token was sent at all. */
export type AuthorizeResult = { ok: true; jwt: JwtAuthorization } | { ok: false; tokenError?: string };

/**
 * Builds a verifier that accepts exactly what the HTTP API JWT authorizer accepts: an RS256 token
 * whose kid is in the JWKS, with matching iss and aud (or client_id), a future exp, and nbf and iat
 * not in the future. No clock tolerance.
 */
export function createJwtAuthorizer(config: JwtAuthorizerConfig): (header: string | undefined) => Promise<AuthorizeResult> {
  const keys = createLocalJWKSet(config.jwks);
  const kids = new Set(config.jwks.keys.map((k) => k.kid));
  return async (header) => {
    const token = bearerToken(header);
    if (token === undefined) return { ok: false };
    let alg: string | undefined;
    let kid: string | undefined;
    try {
      ({ alg, kid } = decodeProtectedHeader(token));
    } catch {
      return { ok: false, tokenError: 'malformed token' };
    }
    if (alg !== 'RS256') return { ok: false, tokenError: 'unsupported token algorithm' };
    if (kid === undefined || !kids.has(kid)) return { ok: false, tokenError: 'unknown signing key' };
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'], issuer: config.issuer, requiredClaims: ['exp'], clockTolerance: 0,
      });
      const problem = checkAudienceAndTimes(payload, config.audience);
      if (problem !== undefined) return { ok: false, tokenError: problem };
      return { ok: true, jwt: { claims: flattenClaims(payload), scopes: scopesOf(payload) } };
    } catch (err) {
      return { ok: false, tokenError: describe(err) };
    }
  };
}

function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const token = header.replace(/^Bearer\s+/i, '').trim();
  return token === '' ? undefined : token;
}

function checkAudienceAndTimes(payload: JWTPayload, audience: string): string | undefined {
  const auds = Array.isArray(payload.aud) ? payload.aud : payload.aud === undefined ? [] : [payload.aud];
  // Cognito access tokens carry client_id instead of aud; the authorizer accepts either.
  if (!auds.includes(audience) && payload['client_id'] !== audience) return 'token audience is not accepted';
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat === 'number' && payload.iat > now) return 'token issued in the future';
  return undefined;
}

function flattenClaims(payload: JWTPayload): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.map(String);
    else if (value !== undefined && value !== null) out[name] = JSON.stringify(value);
  }
  return out;
}

function scopesOf(payload: JWTPayload): string[] | null {
  const raw = payload['scope'] ?? payload['scp'];
  if (typeof raw === 'string') return raw.split(' ').filter((s) => s !== '');
  if (Array.isArray(raw)) return raw.map(String);
  return null;
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `token claim "${err.claim}" is not accepted`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  return 'token is not valid';
}
