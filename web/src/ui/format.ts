/** Formats minor units (cents) in their currency, with the currency's own number of decimals. */
export function money(minor: number, currency: string | null | undefined): string {
  if (!currency) return String(minor);
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** Parses an amount typed in major units into minor units of the currency. */
export function toMinor(major: string, currency: string): number {
  const digits = new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return Math.round(Number(major) * 10 ** digits);
}

export const dateTime = (iso: string | undefined): string =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export const addressOf = (a: { name?: string; address: string } | null | undefined): string =>
  a ? (a.name ? `${a.name} <${a.address}>` : a.address) : '—';
