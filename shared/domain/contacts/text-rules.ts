import * as z from 'zod';

/*
 * What text a contact or company may hold. Refused everywhere: control characters (C0, DEL, C1),
 * lone surrogates (DynamoDB would store them as U+FFFD), line and paragraph separators, bidi
 * embeddings, overrides and isolates (they make text read differently from what it is), and
 * invisible characters that have no place in a name (zero-width space, word joiner, BOM...).
 * Zero-width joiner and non-joiner stay allowed: emoji sequences and Persian or Indic names need
 * them. Notes may hold tabs and line breaks. Accepted text is stored in NFC.
 */
const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069';
const INVISIBLE = '\\u180e\\u200b\\u2060-\\u2064\\u206a-\\u206f\\ufeff\\ufff9-\\ufffb';
const IN_LINE = new RegExp(`[\\p{Cc}\\p{Cs}\\p{Zl}\\p{Zp}${BIDI_CONTROLS}${INVISIBLE}]`, 'u');
const IN_NOTE = new RegExp(`[^\\P{Cc}\\t\\n\\r]|[\\p{Cs}\\p{Zl}\\p{Zp}${BIDI_CONTROLS}${INVISIBLE}]`, 'u');
/** An address or domain is a key: no format character, space or other invisible one at all. */
const IN_KEY = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Z}\p{Default_Ignorable_Code_Point}]/u;
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}]/u;

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Describes the first character `rule` refuses, or undefined when there is none. */
function refused(value: string, rule: RegExp): string | undefined {
  const found = rule.exec(value)?.[0];
  return found === undefined ? undefined : `must not contain ${codePoint(found)} (a control, invisible or direction-changing character)`;
}

export type TextKind = 'line' | 'note' | 'key';
const RULES: Record<TextKind, RegExp> = { line: IN_LINE, note: IN_NOTE, key: IN_KEY };

/** Why `value` is not acceptable text of this kind, or undefined when it is. */
export function textProblem(value: string, kind: TextKind): string | undefined {
  return refused(value, RULES[kind]) ?? (kind === 'line' && !VISIBLE.test(value) ? 'must contain a visible character' : undefined);
}

/** A zod refinement for text of `kind`: one issue naming the first refused character. */
export const refuseHidden = (kind: TextKind) => (value: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(value, kind);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/**
 * A key-like string (email, domain, URL): checked before trimming, so an invisible character at
 * either end (a BOM, a zero-width space) is refused rather than trimmed away; plain spaces at the
 * ends are trimmed.
 */
export const keyText = (max: number) =>
  z.string().max(max).superRefine((v, ctx) => refuseHidden('key')(v.replace(/^ +| +$/g, ''), ctx)).transform((v) => v.trim());

/** A required one-line text field (name, tag, phone...): trimmed, checked, NFC. */
export const lineText = (max: number) => z.string().trim().min(1).max(max).superRefine(refuseHidden('line')).transform((v) => v.normalize('NFC'));

/** A free-text field that keeps tabs and line breaks (notes): checked, NFC. */
export const noteText = (max: number) => z.string().max(max).superRefine(refuseHidden('note')).transform((v) => v.normalize('NFC'));
