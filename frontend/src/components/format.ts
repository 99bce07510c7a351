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
