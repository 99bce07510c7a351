import { Link } from 'react-router-dom';
import { useMe, useOrganizations } from '../../api/queries';
import { OrganizationsTable } from '../../components/OrganizationsTable';
import { PersonaWorkspace } from '../../components/PersonaWorkspace';
import { EmptyState, ErrorState, KeyValues, Loading, Mono, Panel } from '../../components/ui';
import { formatBps, formatDateTime } from '../../components/format';
import { modelLabel } from '../../shell/personas';

const PREVIEW = 10;

export function OperatorDesk() {
  return (
    <PersonaWorkspace persona="operator" title="Operator desk" showOnboarding={false}>
      <MarketplacePanel />
      <OrganizationsPreview />
    </PersonaWorkspace>
  );
}

function MarketplacePanel() {
  const me = useMe();
  if (!me.data) return null;
  const t = me.data.tenant;
  return (
    <Panel title="Marketplace">
      <KeyValues
        rows={[
          ['Name', t.name],
          ['Slug', <Mono>{t.slug}</Mono>],
          ['Model', modelLabel(t.model)],
          ['Currency', t.default_currency],
          ['Commission', formatBps(t.commission_bps)],
          ['Compliance level', t.compliance_level],
          ['Created', formatDateTime(t.created_at)],
          ['Tenant id', <Mono>{t.id}</Mono>],
        ]}
      />
    </Panel>
  );
}

function OrganizationsPreview() {
  const q = useOrganizations(PREVIEW);
  const first = q.data?.pages[0];
  return (
    <Panel title="Organizations" flush actions={<Link to="/organizations">Open directory</Link>}>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : !first || first.items.length === 0 ? (
        <EmptyState>No organizations yet.</EmptyState>
      ) : (
        <OrganizationsTable items={first.items} />
      )}
    </Panel>
  );
}
