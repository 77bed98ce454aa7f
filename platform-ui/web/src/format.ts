// How numbers read on screen: rates as percentages, durations in ms or s, money with two decimals, and "–" for
// what is not known (no data is not zero).

export const NONE = '–';

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value) ? NONE : `${(value * 100).toFixed(digits)} %`;
}

export function number(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NONE;
  return value.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function millis(value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  return value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 1 : 2)} s` : `${Math.round(value)} ms`;
}

export function money(value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : `$${value.toFixed(2)}`;
}

export function time(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return NONE;
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}
