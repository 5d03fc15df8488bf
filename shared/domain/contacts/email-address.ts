import { normalizeEmail } from '../mail/match-addresses.js';
import { keyText } from './text-rules.js';

const LOCAL = /^[^\s@"(),:;<>[\\\]]{1,64}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Whether a normalized address is plausible: a simple local part and a dotted ASCII domain. */
export function isValidEmail(normalized: string): boolean {
  const at = normalized.lastIndexOf('@');
  if (at < 1 || normalized.length > 254) return false;
  const labels = normalized.slice(at + 1).split('.');
  return LOCAL.test(normalized.slice(0, at)) && labels.length >= 2 && labels.every((l) => LABEL.test(l));
}

/**
 * An email field: refused when it holds any control, format or invisible character (never silently
 * stripped), then normalized (NFKC, lowercase, IDN domain in punycode) and validated.
 */
export const emailSchema = keyText(320).transform(normalizeEmail)
  .refine(isValidEmail, 'is not a valid email address');

export { normalizeEmail };
