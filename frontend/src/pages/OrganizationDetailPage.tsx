import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client';
import { useOrganization } from '../api/queries';
import { formatDateTime } from '../components/format';
import { Badge, ErrorState, KeyValues, Loading, Mono, PageHeader, Panel, StatusBadge } from '../components/ui';

export function OrganizationDetailPage() {
  const { id = '' } = useParams();
  const q = useOrganization(id);

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
      </div>
    </>
  );
}
