import { normalizeDomain } from './normalize-domain.js';

/** A scheme before the host, unless what looks like one is a `host:port`. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const HOST_PORT = /^[^:/?#]+:\d+(?:[/?#]|$)/;

/**
 * Canonical form of a company website, or undefined when it is not one: only http and https (never
 * `javascript:`, `data:` or `ftp:`), no credentials (`https://bank.example@evil.example` shows one
 * host and opens another), and a dotted host name rather than an IP address or `localhost`. A bare
 * host gets `https://`. The result is the parsed URL (lowercase host, IDN in punycode).
 */
export function normalizeWebsite(input: string): string | undefined {
  const value = input.trim();
  const absolute = SCHEME.test(value) && !HOST_PORT.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  if (normalizeDomain(url.hostname) !== url.hostname.replace(/^www\./, '')) return undefined;
  return url.href;
}

/** The domain a company's website names (`https://www.acme.example/about` → `acme.example`), if any. */
export const websiteDomainOf = (website: string | undefined): string | undefined => (website ? normalizeDomain(website) : undefined);
