import { domainToASCII } from 'node:url';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Canonical form of a company domain: scheme, credentials, port, path and a leading `www.` are
 * dropped, the rest (in NFKC, so fullwidth letters count as ASCII) lowercased and IDN converted to ASCII (`https://www.Bücher.de/x` → `xn--bcher-kva.de`).
 * Returns undefined when what is left is not a valid dotted host name.
 */
export function normalizeDomain(input: string): string | undefined {
  let host = input.normalize('NFKC').trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = host.replace(/^[^/@]*@/, '').split(/[/?#]/)[0] ?? '';
  host = host.replace(/:\d*$/, '').replace(/\.$/, '').replace(/^www\./, '');
  if (!host || host.length > 253) return undefined;
  const ascii = /^[\x00-\x7f]*$/.test(host) ? host : domainToASCII(host);
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1) ?? '')) return undefined;
  return ascii;
}
