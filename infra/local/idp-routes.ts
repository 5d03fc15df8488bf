import type { JSONWebKeySet } from 'jose';
import type { LocalRoute } from './gateway/server.js';
import { IDP_PATH } from './idp.js';

/** The local issuer's discovery document and JWKS, served by the gateway like any OIDC issuer. */
export function idpRoutes(issuer: string, jwks: JSONWebKeySet): LocalRoute[] {
  const json = (body: unknown): LocalRoute['handle'] => (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  return [
    { method: 'GET', path: `${IDP_PATH}/.well-known/jwks.json`, handle: json(jwks) },
    {
      method: 'GET',
      path: `${IDP_PATH}/.well-known/openid-configuration`,
      handle: json({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] }),
    },
  ];
}
