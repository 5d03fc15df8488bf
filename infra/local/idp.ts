import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importJWK, SignJWT,
  type JSONWebKeySet, type JWK,
} from 'jose';
import { CLAIMS, type Role } from '../../shared/config/names.js';
import { createOnce } from './secrets.js';

/** The audience (client id) of local tokens. */
export const LOCAL_AUDIENCE = 'mailbridge-local';
/** Where the local issuer lives under the gateway's base URL. */
export const IDP_PATH = '/local-idp';

/** The local identity provider's RSA key pair (stands in for Cognito or any OIDC issuer). */
export interface IdpKeys {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly privateKeyPem: string;
  /** Public keys only, as served at `/local-idp/.well-known/jwks.json`. */
  readonly jwks: JSONWebKeySet;
}

export interface TokenInput {
  readonly issuer: string;
  readonly audience?: string;
  readonly spaceId: string;
  readonly role?: Role;
  readonly sub?: string;
  readonly email?: string;
  /** Seconds or a jose time span such as `'7d'`; default one hour. */
  readonly expiresIn?: number | string;
}

/** Loads the IdP key pair from `keyDir`, generating it once (RS256, 2048 bit). */
export async function loadIdpKeys(keyDir: string): Promise<IdpKeys> {
  const file = join(keyDir, 'idp-private.jwk.json');
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    await createOnce(file, () => JSON.stringify({ ...jwk, kid, alg: 'RS256', use: 'sig' }));
  }
  const stored = JSON.parse(await readFile(file, 'utf8')) as JWK;
  const kid = stored.kid ?? (await calculateJwkThumbprint(stored));
  const key = await importJWK({ ...stored, kid }, 'RS256', { extractable: true });
  if (key instanceof Uint8Array) throw new Error('IdP key is not an asymmetric key');
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = stored;
  return {
    kid,
    privateJwk: { ...stored, kid },
    privateKeyPem: await exportPKCS8(key),
    jwks: { keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] },
  };
}

/** Mints an RS256 access token carrying the Space and role claims, like the real issuer. */
export async function mintToken(keys: IdpKeys, input: TokenInput): Promise<string> {
  const key = await importJWK(keys.privateJwk, 'RS256');
  const sub = input.sub ?? `user-${input.spaceId}`;
  return new SignJWT({
    email: input.email ?? `${sub}@${input.spaceId}.example`,
    [CLAIMS.space]: input.spaceId,
    [CLAIMS.role]: input.role ?? 'admin',
  })
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
    .setIssuer(input.issuer)
    .setAudience(input.audience ?? LOCAL_AUDIENCE)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(typeof input.expiresIn === 'number'
      ? Math.floor(Date.now() / 1000) + input.expiresIn
      : input.expiresIn ?? '1h')
    .sign(key);
}
