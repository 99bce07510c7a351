import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useMe } from '../api/queries';
import { MembershipsTable } from '../components/MembershipsTable';
import { Badge, ErrorState, KeyValues, Loading, Mono, PageHeader, Panel } from '../components/ui';
import { AREAS } from '../areas';
import { MODEL_DESCRIPTIONS, modelLabel, personasOf, roleLabel } from '../shell/personas';
import type { MarketplaceModel } from '../api/types';
import { formatBps } from '../components/format';

/** "Who am I": the signed-in user, the marketplace, memberships and roles from GET /me. */
export function OverviewPage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;

  const { user, api_key: apiKey, tenant, organizations, roles } = me.data;
  const personas = personasOf(me.data);

  return (
    <>
      <PageHeader title="Overview" subtitle={`Signed in to ${tenant.name}`} />
      <div className="grid-2">
        <Panel title="You">
          <KeyValues
            rows={[
              ...((user
                ? [
                    ['Name', user.name || undefined],
                    ['Email', user.email],
                    ['User id', <Mono>{user.id}</Mono>],
                  ]
                : apiKey
                  ? [
                      ['API key', apiKey.name],
                      ['Key prefix', <Mono>{apiKey.prefix}</Mono>],
                      ['Key id', <Mono>{apiKey.id}</Mono>],
                    ]
                  : []) as [string, ReactNode][]),
              [
                'Roles',
                roles.length ? (
                  <span className="badge-row">
                    {roles.map((r) => (
                      <Badge key={r} tone="info" title={r}>
                        {roleLabel(r)}
                      </Badge>
                    ))}
                  </span>
                ) : undefined,
              ],
            ]}
          />
        </Panel>
        <Panel title="Marketplace">
          <KeyValues
            rows={[
              ['Name', tenant.name],
              ['Slug', <Mono>{tenant.slug}</Mono>],
              [
                'Model',
                <>
                  {modelLabel(tenant.model)}
                  <div className="muted small">{MODEL_DESCRIPTIONS[tenant.model as MarketplaceModel]}</div>
                </>,
              ],
              ['Currency', tenant.default_currency],
              ['Commission', formatBps(tenant.commission_bps)],
              ['Compliance level', tenant.compliance_level],
              ['Tenant id', <Mono>{tenant.id}</Mono>],
            ]}
          />
        </Panel>
      </div>

      <Panel title="Memberships" flush>
        <MembershipsTable memberships={organizations} />
      </Panel>

      {personas.length > 0 && (
        <Panel title="Your areas">
          <ul className="link-list">
            {personas.map((p) => (
              <li key={p}>
                <Link to={AREAS[p].path}>{AREAS[p].title}</Link>
                <span className="muted"> — {AREAS[p].summary}</span>
              </li>
            ))}
          </ul>
        </Panel>
      )}
    </>
  );
}
