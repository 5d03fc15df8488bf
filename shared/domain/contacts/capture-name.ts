/**
 * A contact name from a mail's display name: quotes and brackets dropped, `Doe, Jane` read as
 * `Jane Doe`, an all-caps or all-lower name title-cased. Without a usable display name (empty, or
 * the address itself), the local part is read as a name: `jane.doe` → `Jane Doe`.
 */
export function captureName(displayName: string, address: string): string {
  const cleaned = displayName.replace(/["'`<>()[\]]/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned !== '' && !cleaned.includes('@')) {
    const comma = /^([^,]+),\s*([^,]+)$/.exec(cleaned);
    const name = comma ? `${comma[2]} ${comma[1]}` : cleaned;
    return name === name.toUpperCase() || name === name.toLowerCase() ? titleCase(name) : name;
  }
  const local = address.slice(0, address.lastIndexOf('@')).replace(/\+.*$/, '');
  const words = local.split(/[._-]+/).filter((w) => /[a-z]/i.test(w));
  return words.length > 0 ? titleCase(words.join(' ')) : address;
}

const titleCase = (text: string): string =>
  text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, lead: string, letter: string) => lead + letter.toUpperCase());
