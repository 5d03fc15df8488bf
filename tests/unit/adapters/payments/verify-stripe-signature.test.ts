import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { verifyStripeSignature } from '../../../../shared/adapters/payments/verify-stripe-signature.js';

const SECRET = 'whsec_current';
const OLD = 'whsec_previous';
const NOW = 1_800_000_000;
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed', data: { object: { id: 'cs_1', note: 'Grüße\r\nzweite Zeile' } } });
const sign = (payload: string, secret: string, timestamp = NOW) => Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
const reasonOf = (fn: () => unknown) => { try { fn(); return 'accepted'; } catch (e) { return (e as { extra?: { reason?: string } }).extra?.reason; } };

describe('verifyStripeSignature', () => {
  it('accepts the exact raw body with non-ASCII and CRLF', () => {
    expect(verifyStripeSignature(body, sign(body, SECRET), [SECRET], NOW).id).toBe('evt_1');
  });

  it.each([
    ['a missing header', () => verifyStripeSignature(body, undefined, [SECRET], NOW), 'missing'],
    ['a wrong secret', () => verifyStripeSignature(body, sign(body, 'whsec_evil'), [SECRET], NOW), 'mismatch'],
    ['one changed byte', () => verifyStripeSignature(body.replace('Grüße', 'Grüsse'), sign(body, SECRET), [SECRET], NOW), 'mismatch'],
    ['t = now − 301 s', () => verifyStripeSignature(body, sign(body, SECRET, NOW - 301), [SECRET], NOW), 'timestamp'],
    ['t = now + 3600 s', () => verifyStripeSignature(body, sign(body, SECRET, NOW + 3600), [SECRET], NOW), 'timestamp'],
    ['t = now + 10 years', () => verifyStripeSignature(body, sign(body, SECRET, NOW + 315_360_000), [SECRET], NOW), 'timestamp'],
    ['a re-serialised body', () => verifyStripeSignature(JSON.stringify(JSON.parse(body), null, 1), sign(body, SECRET), [SECRET], NOW), 'mismatch'],
    ['a non-JSON body', () => verifyStripeSignature('not json', sign('not json', SECRET), [SECRET], NOW), 'mismatch'],
  ])('refuses %s', (_name, call, reason) => {
    expect(reasonOf(call)).toBe(reason);
  });

  it('accepts the previous secret during a rotation and refuses it after', () => {
    const header = sign(body, OLD);

    expect(reasonOf(() => verifyStripeSignature(body, header, [SECRET, OLD], NOW))).toBe('accepted');
    expect(reasonOf(() => verifyStripeSignature(body, header, [SECRET], NOW))).toBe('mismatch');
  });

  it('accepts a header carrying signatures for both the old and the new secret', () => {
    const both = `${sign(body, OLD)},v1=${sign(body, SECRET).split('v1=')[1]}`;

    expect(verifyStripeSignature(body, both, [SECRET], NOW).id).toBe('evt_1');
  });
});
