const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page the browser lands on after a successful OAuth2 callback; the address is escaped. */
export const connectedPage = (username: string): string => [
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Mailbox connected</title>',
  `<p>Mailbox <strong>${escapeHtml(username)}</strong> is connected and its first sync has started. You can close this tab.</p></html>`,
].join('');
