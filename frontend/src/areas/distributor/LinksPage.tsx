import { useMe } from '../../api/queries';
import { DistributorLinksPanel } from '../../components/DistributorLinks';
import { useOrgParam } from '../../components/OrgPicker';
import { ErrorState, Loading, PageHeader } from '../../components/ui';
import { distributorOrgs } from '../../shell/permissions';

/** The sellers and buyers a distributor serves; the operator links and ends them. */
export function LinksPage() {
  const me = useMe();
  const { orgId, org, picker } = useOrgParam(me.data ? distributorOrgs(me.data) : [], 'Distributor');
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!orgId) {
    return (
      <>
        <PageHeader title="Linked sellers and buyers" />
        <div className="notice notice-warning" role="status">
          Links belong to a distributor organization; you are not a member of one.
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Linked sellers and buyers"
        subtitle={`Whom ${org?.legal_name ?? 'your company'} delivers for. The marketplace operator creates and ends links.`}
        actions={picker}
      />
      <DistributorLinksPanel key={orgId} distributorId={orgId} manage={false} />
    </>
  );
}
