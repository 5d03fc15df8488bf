import type { MailboxRecord } from './mailbox-record.js';
import type { OAuthProvider, OAuthProviderId, TokenSet } from './oauth.js';

const OFFLINE_ACCESS = 'offline_access';

/**
 * The scope an OAuth2 mailbox's token needs for an SMTP login (XOAUTH2) where IMAP access does not
 * include it: Microsoft's SMTP.Send, which consents given before it was asked for lack. Google's
 * full-mail scope covers SMTP too.
 */
export const OAUTH_SMTP_SCOPES: Readonly<Record<OAuthProviderId, string | undefined>> = {
  microsoft: 'https://outlook.office.com/SMTP.Send', google: undefined, local: undefined,
};

const words = (scope: string): string[] => scope.split(' ').filter((s) => s !== '');

/** What a consent granted: the token endpoint's `scope`, or what was asked for when it names none (RFC 6749 §5.1). */
export const grantedScopes = (provider: Pick<OAuthProvider, 'scope'>, tokens: Pick<TokenSet, 'scope'>): string[] =>
  words(tokens.scope ?? provider.scope);

/**
 * The scope a refresh asks for: what the provider asks at consent, narrowed to what this mailbox's
 * consent granted. A refresh asking for more than was granted is refused (Microsoft), so a mailbox
 * connected before its granted scopes were kept asks for what consents asked then: all but the SMTP scope.
 */
export function refreshScope(provider: Pick<OAuthProvider, 'id' | 'scope'>, oauth: NonNullable<MailboxRecord['oauth']>): string {
  const asked = words(provider.scope);
  const kept = oauth.scopes ? asked.filter((s) => s === OFFLINE_ACCESS || oauth.scopes!.includes(s)) : [];
  if (kept.some((s) => s !== OFFLINE_ACCESS)) return kept.join(' ');
  return asked.filter((s) => s !== OAUTH_SMTP_SCOPES[provider.id]).join(' ');
}

/** The SMTP scope this mailbox's consent lacks (none kept counts as lacking it), or undefined. */
export function missingSmtpScope(oauth: NonNullable<MailboxRecord['oauth']>): string | undefined {
  const needed = OAUTH_SMTP_SCOPES[oauth.provider];
  return needed !== undefined && !(oauth.scopes ?? []).includes(needed) ? needed : undefined;
}
