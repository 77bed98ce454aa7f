import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';
import { ago } from '../format';

interface Props {
  title: string;
  /** How often the panel refreshes, as the specification's dashboard table says (shown to the reader). */
  refresh?: string;
  loading?: boolean;
  error?: unknown;
  /** Nothing to show yet: the reason, shown instead of the content. */
  empty?: string | false;
  updatedAt?: string;
  wide?: boolean;
  actions?: ComponentChildren;
  children?: ComponentChildren;
}

export function Panel({ title, refresh, loading, error, empty, updatedAt, wide, actions, children }: Props) {
  const id = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section class={`panel${wide ? ' wide' : ''}`} aria-labelledby={id} aria-busy={loading ? 'true' : 'false'}>
      <header>
        <h2 id={id}>{title}</h2>
        <div class="panel-meta">
          {actions}
          {refresh && <span class="muted" title="refresh rate">⟳ {refresh}</span>}
          {updatedAt && <span class="muted">{ago(updatedAt)}</span>}
        </div>
      </header>
      {error ? (
        <p class="error" role="alert">{describe(error)}</p>
      ) : empty ? (
        <p class="empty">{empty}</p>
      ) : loading && !children ? (
        <p class="muted">Loading…</p>
      ) : (
        children
      )}
    </section>
  );
}

export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return 'Your key may not read this.';
    const fields = error.problem.errors?.map((e) => `${e.field || 'request'}: ${e.message}`).join('; ');
    return fields ? `${error.message} (${fields})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function Tile({ label, value, hint, tone }: { label: string; value: string; hint?: string; tone?: 'good' | 'warn' | 'bad' }) {
  return (
    <div class={`tile${tone ? ` ${tone}` : ''}`}>
      <div class="tile-label">{label}</div>
      <div class="tile-value">{value}</div>
      {hint && <div class="tile-hint">{hint}</div>}
    </div>
  );
}
