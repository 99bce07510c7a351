// Small presentational pieces shared by every area: page headers, panels, badges, and the
// rendering of a failed query.

import type { ReactNode } from 'react';
import { isApiError } from '../api/client';

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function Panel({ title, actions, children, flush }: { title?: string; actions?: ReactNode; children: ReactNode; flush?: boolean }) {
  return (
    <section className="panel">
      {(title || actions) && (
        <div className="panel-header">
          {title && <h2>{title}</h2>}
          {actions && <div className="panel-actions">{actions}</div>}
        </div>
      )}
      <div className={flush ? 'panel-body panel-body-flush' : 'panel-body'}>{children}</div>
    </section>
  );
}

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export function Badge({ children, tone = 'neutral', title }: { children: ReactNode; tone?: Tone; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const STATUS_TONES: Record<string, Tone> = {
  approved: 'success',
  active: 'success',
  archived: 'neutral',
  ended: 'neutral',
  unscreened: 'neutral',
  clear: 'success',
  submitted: 'info',
  screening: 'info',
  pending: 'info',
  draft: 'neutral',
  not_screened: 'neutral',
  needs_info: 'warning',
  changes_requested: 'warning',
  potential_match: 'warning',
  licence_required: 'warning',
  rejected: 'danger',
  blocked: 'danger',
};

/** A status enum value as a coloured badge: "needs_info" → "needs info". */
export function StatusBadge({ value }: { value?: string | null }) {
  if (!value) return <span className="muted">—</span>;
  return <Badge tone={STATUS_TONES[value] ?? 'neutral'}>{value.replace(/_/g, ' ')}</Badge>;
}

/** Label/value rows; hideEmpty leaves out rows without a value instead of showing a dash. */
export function KeyValues({ rows, hideEmpty }: { rows: [label: string, value: ReactNode][]; hideEmpty?: boolean }) {
  const shown = hideEmpty ? rows.filter(([, v]) => v !== undefined && v !== null && v !== '') : rows;
  return (
    <dl className="kv">
      {shown.map(([label, value]) => (
        <div className="kv-row" key={label}>
          <dt>{label}</dt>
          <dd>{value ?? <span className="muted">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Mono({ children }: { children: ReactNode }) {
  return <code className="mono">{children}</code>;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** A failed query: the problem's title and detail, its request id, and a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const problem = isApiError(error) ? error.problem : undefined;
  return (
    <div className="notice notice-error" role="alert">
      <strong>{problem?.title ?? 'Something went wrong'}</strong>
      <div>{problem?.detail ?? (error instanceof Error ? error.message : String(error))}</div>
      {problem?.errors && problem.errors.length > 0 && (
        <ul className="notice-list">
          {problem.errors.map((fe, i) => (
            <li key={i}>
              <Mono>{fe.field}</Mono> {fe.message}
            </li>
          ))}
        </ul>
      )}
      {problem?.request_id && <div className="notice-meta">Request id {problem.request_id}</div>}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
