import { useEffect, useId, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { isApiError } from '../api/client';
import type { Problem, Role } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { roleLabel } from '../shell/personas';

/** The marketplaces `manifold dev` seeds (DESIGN.md §7). */
export const DEMO_TENANTS = ['demo-curated', 'demo-portal', 'demo-distributor'] as const;

const DEMO_ROLES: Role[] = [
  'marketplace_admin',
  'compliance_officer',
  'ops_agent',
  'seller_admin',
  'seller_catalog',
  'seller_ops',
  'buyer_admin',
  'buyer_purchaser',
  'buyer_approver',
  'distributor_admin',
  'distributor_ops',
];

const LAST_TENANT_KEY = 'manifold.last_tenant';

type Field = 'tenant' | 'email' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

interface FormError {
  problem: Problem;
  retryUntil?: number;
  shownAt: number;
  /** Field errors the form has no input for; shown in the banner instead. */
  otherFields: string[];
}

function readLastTenant(): string {
  try {
    return localStorage.getItem(LAST_TENANT_KEY) ?? '';
  } catch {
    return '';
  }
}

export function LoginPage() {
  const { authenticated, signIn, signOutReason } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  const [tenant, setTenant] = useState(readLastTenant);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const now = useNow(formError?.retryUntil !== undefined);
  const ids = { tenant: useId(), email: useId(), password: useId(), demo: useId() };

  if (authenticated) return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  // `now` lags one tick behind a fresh error, so never count from before the error was shown.
  const waitSeconds = formError?.retryUntil
    ? Math.max(0, Math.ceil((formError.retryUntil - Math.max(now, formError.shownAt)) / 1000))
    : 0;
  const isDemoTenant = (DEMO_TENANTS as readonly string[]).includes(tenant);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const missing: FieldErrors = {};
    if (!tenant.trim()) missing.tenant = 'Enter the marketplace.';
    if (!email.trim()) missing.email = 'Enter your email address.';
    if (!password) missing.password = 'Enter your password.';
    setFieldErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length > 0) return;

    setSubmitting(true);
    try {
      await signIn({ tenant: tenant.trim(), email: email.trim(), password });
      try {
        localStorage.setItem(LAST_TENANT_KEY, tenant.trim());
      } catch {
        // storage may be disabled; remembering the marketplace is only a convenience
      }
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (err) {
      if (!isApiError(err)) throw err;
      const byField = err.fieldErrors();
      const next: FieldErrors = {};
      const other: string[] = [];
      for (const [field, message] of Object.entries(byField)) {
        if (field === 'tenant' || field === 'email' || field === 'password') next[field] = message;
        else other.push(`${field}: ${message}`);
      }
      setFieldErrors(next);
      const shownAt = Date.now();
      setFormError({
        problem: err.problem,
        shownAt,
        otherFields: other,
        retryUntil: err.retryAfterSeconds !== undefined ? shownAt + err.retryAfterSeconds * 1000 : undefined,
      });
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  }

  function errorProps(field: Field) {
    const msg = fieldErrors[field];
    return msg ? { 'aria-invalid': true, 'aria-describedby': `${ids[field]}-error` } : {};
  }

  function fieldError(field: Field) {
    const msg = fieldErrors[field];
    return msg ? (
      <p className="field-error" id={`${ids[field]}-error`}>
        {msg}
      </p>
    ) : null;
  }

  return (
    <div className="login">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            M
          </span>
          <span className="brand-name">Manifold</span>
        </div>
        <h1 className="login-title">Sign in</h1>

        {signOutReason === 'expired' && !formError && (
          <div className="notice notice-info" role="status">
            Your session has ended. Sign in again to continue.
          </div>
        )}

        {formError && (
          <div className="notice notice-error" role="alert">
            <strong>{formError.problem.title}</strong>
            {formError.problem.detail && <div>{formError.problem.detail}</div>}
            {formError.retryUntil !== undefined && (
              <div className="notice-meta">
                {waitSeconds > 0 ? `Retry after ${waitSeconds} ${waitSeconds === 1 ? 'second' : 'seconds'}.` : 'You can try again now.'}
              </div>
            )}
            {formError.otherFields.length > 0 && (
              <ul className="notice-list">
                {formError.otherFields.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            )}
          </div>
        )}

        <form onSubmit={onSubmit} noValidate className="form">
          <div className="field">
            <label htmlFor={ids.tenant}>Marketplace</label>
            <input
              id={ids.tenant}
              name="tenant"
              autoComplete="organization"
              placeholder="marketplace slug, e.g. demo-curated"
              value={tenant}
              onChange={(e) => setTenant(e.target.value)}
              spellCheck={false}
              autoCapitalize="none"
              {...errorProps('tenant')}
            />
            {fieldError('tenant')}
            <div className="quick-picks" role="group" aria-label="Demo marketplaces">
              {DEMO_TENANTS.map((slug) => (
                <button
                  key={slug}
                  type="button"
                  className="chip"
                  aria-pressed={tenant === slug}
                  onClick={() => setTenant(slug)}
                >
                  {slug}
                </button>
              ))}
            </div>
          </div>

          <div className="field">
            <label htmlFor={ids.email}>Email</label>
            <input
              id={ids.email}
              name="email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              spellCheck={false}
              autoCapitalize="none"
              {...errorProps('email')}
            />
            {fieldError('email')}
            {isDemoTenant && (
              <div className="field-aside">
                <label htmlFor={ids.demo} className="muted">
                  Demo user
                </label>
                <select
                  id={ids.demo}
                  value=""
                  onChange={(e) => e.target.value && setEmail(`${e.target.value}@${tenant}.example`)}
                >
                  <option value="">Pick a role…</option>
                  {DEMO_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(r)} ({r})
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>

          <div className="field">
            <label htmlFor={ids.password}>Password</label>
            <input
              id={ids.password}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              {...errorProps('password')}
            />
            {fieldError('password')}
          </div>

          <button type="submit" className="btn btn-primary btn-block" disabled={submitting || waitSeconds > 0}>
            {submitting ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </div>
  );
}

/** The current time, ticking every second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}
