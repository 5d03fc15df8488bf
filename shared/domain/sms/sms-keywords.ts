/** Keywords that opt a number out (the carriers' and AWS End User Messaging's defaults). */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type SmsKeyword = 'opt-out' | 'opt-in' | 'help';

/**
 * The keyword an inbound SMS is, or undefined for ordinary text. Carriers match the whole message,
 * case-insensitively, ignoring surrounding spaces and trailing punctuation ("Stop." opts out;
 * "please stop texting me at night" is a message for staff to read, not a keyword).
 */
export function keywordOf(body: string): SmsKeyword | undefined {
  const word = body.trim().replace(/[.!]+$/, '').toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return 'opt-out';
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return 'opt-in';
  if ((HELP_KEYWORDS as readonly string[]).includes(word)) return 'help';
  return undefined;
}

/** The answer to HELP until an admin saves the Space's own (PUT /settings/sms). */
export const DEFAULT_HELP_TEXT = 'Reply STOP to stop these messages, START to get them again. Msg & data rates may apply.';
