/** Basis points as a percentage: 1250 → "12.5 %". */
export function formatBps(bps: number): string {
  return `${(bps / 100).toLocaleString('en', { maximumFractionDigits: 2 })} %`;
}

/** A UTC timestamp in the reader's locale, or undefined when absent or unparseable. */
export function formatDateTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Decimal places of a currency's minor unit (EUR 2, JPY 0, BHD 3), from the ICU data in Intl. */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Integer minor units as a decimal string ("12345", 2 → "123.45") by moving the point in
 * the digits: no float division, so no 0.1 + 0.2 surprises and no rounding of large amounts.
 */
export function minorToDecimal(amount: number | bigint, exponent: number): string {
  let digits: string;
  try {
    digits = BigInt(amount).toString();
  } catch {
    return String(amount); // not an integer: shown as received rather than guessed at
  }
  const negative = digits.startsWith('-');
  if (negative) digits = digits.slice(1);
  if (exponent > 0) {
    digits = digits.padStart(exponent + 1, '0');
    digits = `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** An amount in minor units formatted in its currency: (12345, "EUR") → "€123.45". */
export function formatMoney(amount: number | bigint, currency: string, locale?: string): string {
  const exponent = currencyExponent(currency);
  const decimal = minorToDecimal(amount, exponent);
  let fmt: Intl.NumberFormat;
  try {
    fmt = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
  } catch {
    return `${decimal} ${currency}`;
  }
  // Intl.NumberFormat formats a decimal string exactly (ECMA-402 "Intl.NumberFormat v3");
  // the lib typing predates that.
  return (fmt.format as unknown as (value: string) => string)(decimal);
}

/** A byte count for people: 2048 → "2 KiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} KiB`;
  return `${(n / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`;
}

/** A postal address on one line: "Kungsgatan 1, 11143 Stockholm, SE". */
export function formatAddress(a: { line1: string; line2?: string; postal_code?: string; city: string; region?: string; country: string }): string {
  const city = [a.postal_code, a.city].filter(Boolean).join(' ');
  return [a.line1, a.line2, city, a.region, a.country].filter(Boolean).join(', ');
}

/** A server's lower-case phrase as a sentence: capitalised, with a full stop. */
export function sentence(s: string): string {
  const t = s.trim();
  return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}
