import type { JSONWebKeySet } from 'jose';
import type { LocalRoute } from './gateway/server.js';
import { IDP_PATH } from './idp.js';

const json = (body: unknown): LocalRoute['handle'] => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
};

/** The local issuer's discovery document and JWKS, served by the gateway like any OIDC issuer. */
export function idpRoutes(issuer: string, jwks: JSONWebKeySet): LocalRoute[] {
  return [
    { method: 'GET', path: `${IDP_PATH}/.well-known/jwks.json`, handle: json(jwks) },
    discoveryRoute(issuer, false),
  ];
}

/** The discovery document; with `codeFlow` it names the authorize and token endpoints too. */
export function discoveryRoute(issuer: string, codeFlow: boolean): LocalRoute {
  return {
    method: 'GET',
    path: `${IDP_PATH}/.well-known/openid-configuration`,
    handle: json({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
      ...(codeFlow ? {
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        code_challenge_methods_supported: ['S256'],
        subject_types_supported: ['public'],
      } : {}),
    }),
  };
}
