import { useQueries } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../api/context';
import { queryKeys, useMe } from '../api/queries';
import type { MarketplaceModel, MeOrganization } from '../api/types';
import { membershipsFor, MODEL_DESCRIPTIONS, modelLabel, PERSONA_LABELS, personasOf, roleLabel, type Persona } from '../shell/personas';
import { MembershipsTable } from './MembershipsTable';
import { ErrorState, Loading, PageHeader, Panel, StatusBadge } from './ui';

/**
 * The frame of a persona's area: checks the user has that persona, then shows the
 * memberships that give it and the area's own content.
 */
export function PersonaWorkspace({
  persona,
  title,
  children,
  showOnboarding = true,
}: {
  persona: Persona;
  title: string;
  children?: ReactNode;
  /** Show each membership organization's onboarding and screening status. */
  showOnboarding?: boolean;
}) {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;

  const { tenant, roles } = me.data;
  if (!personasOf(me.data).includes(persona)) {
    return (
      <>
        <PageHeader title={title} />
        <div className="notice notice-warning" role="status">
          This area is for {PERSONA_LABELS[persona].toLowerCase()} accounts. Your roles:{' '}
          {roles.length ? roles.map(roleLabel).join(', ') : 'none'}.
        </div>
      </>
    );
  }

  const memberships = membershipsFor(me.data, persona);
  return (
    <>
      <PageHeader
        title={title}
        subtitle={`${tenant.name} · ${modelLabel(tenant.model)} — ${MODEL_DESCRIPTIONS[tenant.model as MarketplaceModel] ?? ''}`}
      />
      <Panel title={`Your ${PERSONA_LABELS[persona].toLowerCase()} organizations`} flush>
        <MembershipsTable memberships={memberships} showKind={false} />
      </Panel>
      {showOnboarding && memberships.length > 0 && <OnboardingPanel memberships={memberships} />}
      {children}
    </>
  );
}

/** Where each of the user's organizations stands in onboarding and screening. */
function OnboardingPanel({ memberships }: { memberships: MeOrganization[] }) {
  const api = useApi();
  const ids = [...new Set(memberships.map((m) => m.id))];
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKeys.organization(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.getOrganization(id, signal),
    })),
  });
  return (
    <Panel title="Onboarding and screening" flush>
      <table className="table">
        <thead>
          <tr>
            <th>Organization</th>
            <th>Country</th>
            <th>Onboarding</th>
            <th>Screening</th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id, i) => {
            const r = results[i];
            const name = memberships.find((m) => m.id === id)?.legal_name ?? id;
            return (
              <tr key={id}>
                <td>
                  <Link to={`/organizations/${id}`}>{name}</Link>
                </td>
                {r?.data ? (
                  <>
                    <td>{r.data.country || <span className="muted">—</span>}</td>
                    <td>
                      <StatusBadge value={r.data.onboarding_status} />
                      {r.data.kind !== 'operator' && (
                        <>
                          {' '}
                          <Link className="small" to={`/${r.data.kind}/onboarding?org=${encodeURIComponent(id)}`} aria-label={`Onboarding of ${name}`}>
                            details
                          </Link>
                        </>
                      )}
                    </td>
                    <td>
                      <StatusBadge value={r.data.screening_status} />
                    </td>
                  </>
                ) : (
                  <td colSpan={3} className="muted">
                    {r?.isError ? (r.error instanceof Error ? r.error.message : 'Could not load') : 'Loading…'}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </Panel>
  );
}
