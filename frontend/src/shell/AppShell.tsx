import type { ReactNode } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useMe } from '../api/queries';
import { AREAS } from '../areas';
import { useAuth } from '../auth/AuthProvider';
import { Badge } from '../components/ui';
import { canReadProducts } from './permissions';
import { modelLabel, PERSONA_LABELS, personasOf } from './personas';

/** The signed-in frame: top bar (marketplace, user, sign out), persona-aware nav, page. */
export function AppShell() {
  const me = useMe();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const personas = me.data ? personasOf(me.data) : [];

  async function onSignOut() {
    await signOut();
    navigate('/login', { replace: true });
  }

  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar-brand">
          <span className="brand-mark" aria-hidden="true">
            M
          </span>
          <span className="brand-name">Manifold</span>
        </div>
        {me.data && (
          <div className="topbar-tenant" data-testid="tenant">
            <span className="topbar-tenant-name">{me.data.tenant.name}</span>
            <Badge>{modelLabel(me.data.tenant.model)}</Badge>
          </div>
        )}
        <div className="topbar-spacer" />
        {me.data?.user && (
          <div className="topbar-user" title={me.data.user.id}>
            <span className="topbar-user-name">{me.data.user.name || me.data.user.email}</span>
            {me.data.user.name && <span className="muted small">{me.data.user.email}</span>}
          </div>
        )}
        {me.data?.api_key && !me.data.user && (
          <div className="topbar-user">
            <span className="topbar-user-name">API key {me.data.api_key.name}</span>
            <span className="muted small">{me.data.api_key.prefix}</span>
          </div>
        )}
        <button type="button" className="btn btn-small btn-quiet" onClick={() => void onSignOut()}>
          Sign out
        </button>
      </header>

      <nav className="sidebar" aria-label="Main">
        <NavSection label="General">
          <NavItem to="/" end label="Overview" />
          <NavItem to="/organizations" label="Organizations" />
          {me.data && canReadProducts(me.data) && <NavItem to="/products" label="Catalog" />}
        </NavSection>
        {personas.map((p) => (
          <NavSection key={p} label={PERSONA_LABELS[p]}>
            {AREAS[p].nav.filter((item) => !item.visible || (me.data && item.visible(me.data))).map((item) => (
              <NavItem key={item.to} to={item.to} end={item.end} label={item.label} />
            ))}
          </NavSection>
        ))}
      </nav>

      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}

function NavSection({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nav-section">
      <div className="nav-section-label">{label}</div>
      <ul>{children}</ul>
    </div>
  );
}

function NavItem({ to, label, end }: { to: string; label: string; end?: boolean }) {
  return (
    <li>
      <NavLink to={to} end={end} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
        {label}
      </NavLink>
    </li>
  );
}
