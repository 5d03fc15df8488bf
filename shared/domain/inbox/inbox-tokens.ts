import { tokenSet, wordTokens } from '../search/search-tokens.js';
import type { ThreadSummary } from '../threads/ports.js';

/** Most snippet words indexed per thread (each is one index item, one write unit). */
export const SNIPPET_WORDS = 12;
/** Words of the snippet read for those (the first 30, as before the cap). */
export const SNIPPET_SCAN_WORDS = 30;
/** Snippet words shorter than this are not indexed (mostly stop words and small numbers). */
const MIN_SNIPPET_WORD = 3;

/** Words too common to find a thread by: not indexed from subjects and snippets (names keep them: "Will"), ignored in a query that has other words. */
const STOP_WORDS = new Set(`about above after again all also and any are because been before being below best but can cannot
could dear did does doing done for from further get got had has have having hello her here hers him his how into its just
kind let many more most much nor not now off once only other our ours out over own please regards same she should some such
than thank thanks that the their theirs them then there these they this those through too under until very was were what
when where which while who whom why will with would yes yet you your yours`.split(/\s+/));

/** The words of a text without the whole text (a query word never holds a space, so the whole never matches alone). */
const wordsOf = (text: string | undefined): string[] => wordTokens(text).slice(1);
const addressTokens = (address: string): string[] => {
  const a = address.toLowerCase();
  const at = a.lastIndexOf('@');
  return at < 0 ? [a] : [a, a.slice(at + 1)];
};
const distinctive = (w: string) => [...w].length >= MIN_SNIPPET_WORD && !STOP_WORDS.has(w);

/** Drops every token that starts another one: a query word starting it starts the longer one too. */
function withoutPrefixes(tokens: readonly string[]): string[] {
  const sorted = [...tokens].sort();
  return sorted.filter((t, i) => !(sorted[i + 1]?.startsWith(t) ?? false));
}

/**
 * Participants are the customers' side already (the linker leaves out the mailbox's own addresses);
 * the last sender of mail we wrote is our own mailbox, which every outbound thread holds and no
 * search looks for, so only its name is indexed.
 */
const subjectAndPeopleOf = (t: Pick<ThreadSummary, 'subject' | 'participants' | 'lastSender' | 'lastDirection'>): string[] => [
  ...wordsOf(t.subject).filter((w) => !STOP_WORDS.has(w)),
  ...t.participants.flatMap(addressTokens),
  ...(t.lastSender ? [...(t.lastDirection === 'outbound' ? [] : addressTokens(t.lastSender.address)), ...wordsOf(t.lastSender.name)] : []),
];

/** The first distinctive words of a snippet (no stop words, nothing shorter than 3 characters, none already known), at most 12. */
const snippetWords = (snippet: string | undefined, known: ReadonlySet<string>): string[] =>
  [...new Set(wordsOf(snippet).slice(0, SNIPPET_SCAN_WORDS))].filter((w) => distinctive(w) && !known.has(w)).slice(0, SNIPPET_WORDS);

/**
 * The snippet words a thread is searched by, taken from the first mail linked to it and kept on the
 * thread: a reply then adds no token item and removes none (the latest snippet's words changed with
 * every reply, about 12 writes each time).
 */
export function openingWords(first: { subject: string; snippet: string; participants: readonly string[]; sender: { address: string; name?: string } }): string[] {
  return snippetWords(first.snippet, new Set(subjectAndPeopleOf({ subject: first.subject, participants: first.participants, lastSender: first.sender })));
}

/**
 * Search tokens of a thread, each one index item (one write unit): subject words but stop words,
 * each participant's address and its domain (the local part starts the address, so it needs no
 * item of its own), the last sender's name words and, unless we wrote last, its address, and the opening words of its first
 * mail (`openingWords`; a thread stored before those were kept uses its latest snippet's). A token
 * that starts another is left out: every query word starting it starts the longer one too, so it
 * finds the same threads.
 */
export function inboxTokens(t: ThreadSummary): string[] {
  const subjectAndPeople = subjectAndPeopleOf(t);
  const known = new Set(subjectAndPeople);
  const snippet = t.openingWords ? t.openingWords.filter((w) => !known.has(w)) : snippetWords(t.lastSnippet, known);
  return withoutPrefixes(tokenSet([...subjectAndPeople, ...snippet]));
}

/**
 * The words of a search, cleaned as indexed words are (so "<jane@x.example>" or "re:" still
 * match), longest first: the first is read from the index, the others verified. Stop words are
 * dropped when the query has other words (snippets do not index them).
 */
export function queryWords(q: string): string[] {
  const words = [...new Set(wordsOf(q))];
  const kept = words.some((w) => !STOP_WORDS.has(w)) ? words.filter((w) => !STOP_WORDS.has(w)) : words;
  return kept.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}
