/** The mailboxes of the stack's XOAUTH2 Dovecot (tests connect them through the API with provider `local`). */
export const OAUTH_GATEWAY_USERS = ['oauth-contract@acme-supplies.example', 'oauth-gateway@acme-supplies.example'] as const;
