import type { HostLookup } from './ssrf-guard.js';

/** How an adapter reaches a mail server (IMAP or SMTP): the SSRF guard's settings, trust and timeouts. */
export interface MailServerOptions {
  /** Loopback and private hosts: the local stack and tests only. @default false */
  readonly allowPrivateHosts?: boolean;
  /** DNS resolver for the SSRF guard (tests). @default all A/AAAA from the system resolver */
  readonly lookup?: HostLookup;
  /** Extra CA to trust (a test's self-signed certificate); certificates are always verified. */
  readonly trustedCa?: string;
  readonly connectionTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  /** Inactivity limit; a half-open socket fails after this. */
  readonly socketTimeoutMs?: number;
}
