import { describe, expect, it } from 'vitest';
import { CODE_LIFETIME_MS, createCodeStore, s256 } from '../../../infra/local/idp-codes.js';

const VERIFIER = 'v'.repeat(43);
const grant = { sub: 'user-1', clientId: 'console', redirectUri: 'http://127.0.0.1:3000/console/callback', challenge: s256(VERIFIER) };
const request = (code: string, overrides: Partial<{ verifier: string; clientId: string; redirectUri: string }> = {}) =>
  ({ code, clientId: grant.clientId, redirectUri: grant.redirectUri, verifier: VERIFIER, ...overrides });

describe('local identity provider: authorization codes with PKCE', () => {
  it('swaps a code and the verifier of its challenge for the grant, once', () => {
    const store = createCodeStore();
    const code = store.issue(grant);

    expect(store.redeem(request(code))).toMatchObject({ ok: true, grant });
    expect(store.redeem(request(code))).toMatchObject({ ok: false, error: 'invalid_grant' });
  });

  it('refuses a verifier whose S256 challenge differs, and burns the code', () => {
    const store = createCodeStore();
    const code = store.issue(grant);

    expect(store.redeem(request(code, { verifier: 'w'.repeat(43) }))).toEqual({
      ok: false, error: 'invalid_grant', description: 'code_verifier does not match the code_challenge',
    });
    expect(store.redeem(request(code))).toMatchObject({ ok: false, error: 'invalid_grant' });
  });

  it('refuses a missing verifier, another client or another redirect URI', () => {
    const store = createCodeStore();

    expect(store.redeem(request(store.issue(grant), { verifier: '' }))).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(store.redeem(request(store.issue(grant), { clientId: 'other' }))).toMatchObject({ ok: false, error: 'invalid_grant' });
    expect(store.redeem(request(store.issue(grant), { redirectUri: 'http://evil.example/callback' }))).toMatchObject({ ok: false, error: 'invalid_grant' });
  });

  it('refuses a code past its lifetime', () => {
    let now = 1_000;
    const store = createCodeStore(() => now);
    const code = store.issue(grant);
    now += CODE_LIFETIME_MS;

    expect(store.redeem(request(code))).toMatchObject({ ok: false, error: 'invalid_grant', description: 'unknown, used or expired code' });
  });
});
