/** The path the console is served under, locally and on CloudFront (Vite's `base`). */
export const CONSOLE_BASE = '/console/';

export interface ConsoleOrigins {
  /** Origin of the API the console calls (same origin locally). */
  readonly api: string;
  /** Origin of the identity provider's token endpoint. */
  readonly identity: string;
}

/**
 * The console's Content-Security-Policy: its own scripts and styles only, calls only to the API and
 * the identity provider, no plugins, no framing. Mail bodies render in a sandboxed srcdoc iframe,
 * which inherits this policy (so remote images and scripts in mail stay blocked).
 */
export function consoleCsp(origins: ConsoleOrigins): string {
  const connect = [...new Set(["'self'", origins.api, origins.identity])].join(' ');
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    `connect-src ${connect}`, "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
    `form-action 'self' ${origins.identity}`,
  ].join('; ');
}

/** Security headers served with every console response (CloudFront's response headers policy locally). */
export function consoleSecurityHeaders(origins: ConsoleOrigins): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(origins),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}
