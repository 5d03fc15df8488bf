import { ConflictError, DomainError } from '../errors.js';

/**
 * The provider refused a code or a refresh token (`invalid_grant`: revoked, expired, consent
 * withdrawn, password changed): only the user can fix it, by authorizing again.
 */
export class OAuthGrantError extends DomainError {
  readonly code = 'oauth-grant-refused';
  constructor(readonly providerError: string) {
    super('The mail provider refused the authorization: authorize the mailbox again', { providerError });
  }
}

/** The provider's token endpoint failed or answered something unexpected: retry later. */
export class OAuthProviderUnavailableError extends DomainError {
  readonly code = 'oauth-provider-unavailable';
}

/** The deployment has no client id and secret for this provider (the app secret lacks them). */
export class OAuthProviderNotConfiguredError extends DomainError {
  readonly code = 'oauth-provider-not-configured';
  constructor(readonly provider: string) {
    super(`OAuth2 sign-in with ${provider} is not configured for this deployment`, { provider });
  }
}

/** The callback's state is unknown, used already or expired: start the authorization again. */
export class OAuthStateError extends DomainError {
  readonly code = 'oauth-state-invalid';
  constructor() {
    super('This authorization link is unknown, expired or already used: start connecting the mailbox again');
  }
}

/** The user declined consent at the provider (or the provider refused the request). */
export class OAuthConsentDeniedError extends DomainError {
  readonly code = 'oauth-consent-denied';
  constructor(readonly providerError: string) {
    super('The mail provider did not grant access to the mailbox', { providerError });
  }
}

/**
 * The mailbox's consent does not let its token log in to SMTP (Microsoft's SMTP.Send, which consents
 * given before it was asked for lack): refused when the SMTP settings are saved, not at send time.
 */
export class OAuthSmtpNotGrantedError extends ConflictError {
  override readonly code = 'oauth-smtp-not-granted';
  constructor(provider: string, missingScope: string) {
    super(`This mailbox's ${provider} consent does not allow sending through SMTP: reconnect it with POST /mailboxes/oauth/start `
      + 'and its mailboxId (the new consent asks for it), or use a separate SMTP login', { provider, missingScope });
  }
}
