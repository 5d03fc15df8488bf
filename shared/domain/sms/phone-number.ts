/** E.164: a `+`, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;
/** What people type between digits: spaces, dashes, dots, slashes, brackets. */
const SEPARATORS = /[\s\-./()\u00a0]/g;

/**
 * A phone number in E.164 form (`+14155550100`), or undefined when it is not one. International
 * numbers are accepted with `+` or the `00` prefix and common separators; a national number
 * (`020 7946 0000`) is refused, because the Space has no default country to read it in.
 */
export function toE164(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed.length > 40 || !/^(\+|00)/.test(trimmed)) return undefined;
  // Brackets only around digits, as in "+44 (0)20": the (0) is a national trunk prefix to drop.
  const withoutTrunk = trimmed.replace(/\(0\)/g, '');
  const compact = withoutTrunk.replace(SEPARATORS, '');
  const plus = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return E164.test(plus) ? plus : undefined;
}

/** The contact's phone numbers that are valid E.164, normalized, first one first, without repeats. */
export const phoneNumbersOf = (phones: readonly string[]): string[] =>
  [...new Set(phones.flatMap((p) => toE164(p) ?? []))];
