import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client';
import { useMe, useOrganization } from '../api/queries';
import { OwnersTable } from '../components/BeneficialOwners';
import { formatDateTime } from '../components/format';
import { Badge, ErrorState, KeyValues, Loading, Mono, PageHeader, Panel, StatusBadge } from '../components/ui';
import { seesPrivateData } from '../shell/permissions';

export function OrganizationDetailPage() {
  const { id = '' } = useParams();
  const q = useOrganization(id);
  const me = useMe();

  if (q.isPending) return <Loading />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) {
      return (
        <>
          <PageHeader title="Organization not found" />
          <p>
            No organization with id <Mono>{id}</Mono> in this marketplace. <Link to="/organizations">Back to the list</Link>
          </p>
        </>
      );
    }
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  }

  const o = q.data;
  const owners = o.beneficial_owners ?? [];
  // Outsiders are not sent the owners at all, so "none declared" is only said to those who would see them.
  const insider = !!me.data && seesPrivateData(me.data, o.id);
  return (
    <>
      <PageHeader
        title={o.legal_name}
        subtitle={
          <>
            <Badge>{o.kind}</Badge> <Link to="/organizations">All organizations</Link>
          </>
        }
      />
      <div className="grid-2">
        <Panel title="Company">
          <KeyValues
            rows={[
              ['Legal name', o.legal_name],
              ['Kind', o.kind],
              ['Country', o.country],
              ['Invited', o.invited ? 'yes' : 'no'],
              ['Created', formatDateTime(o.created_at)],
              ['Id', <Mono>{o.id}</Mono>],
            ]}
          />
        </Panel>
        <Panel title="Status">
          <KeyValues
            rows={[
              ['Onboarding', <StatusBadge value={o.onboarding_status} />],
              ['Screening', <StatusBadge value={o.screening_status} />],
            ]}
          />
        </Panel>
        <Panel title="Identifiers">
          <KeyValues
            rows={[
              ['VAT', o.vat_number || undefined],
              ['EORI', o.eori || undefined],
              ['LEI', o.lei || undefined],
              ['Registration no.', o.registration_number || undefined],
            ]}
          />
        </Panel>
        {(owners.length > 0 || insider) && (
          <Panel title="Beneficial owners">
            {owners.length ? <OwnersTable owners={owners} /> : <p className="muted">None declared.</p>}
            <p className="muted small">Shown to the organization’s members and the marketplace’s staff only.</p>
          </Panel>
        )}
      </div>
    </>
  );
}
