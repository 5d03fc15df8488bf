/** Splits a comma- or newline-separated input into trimmed, non-empty items. */
export const listOf = (text: string): string[] => text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);

/** The If-Match value for a record version (the API's ETag is the version, quoted). */
export const ifMatch = (version: number): string => `"${version}"`;
