import { useMe } from '../../api/queries';
import { DistributorLinksPanel } from '../../components/DistributorLinks';
import { ErrorState, Loading, PageHeader } from '../../components/ui';
import { canManageDistributorLinks, canSeeAllDistributorLinks } from '../../shell/permissions';

/** Every distributor link of the marketplace; marketplace admins link and end. */
export function DistributorLinksPage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!canSeeAllDistributorLinks(me.data)) {
    return (
      <>
        <PageHeader title="Distributor links" />
        <div className="notice notice-warning" role="status">
          Only operator staff see every distributor link.
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Distributor links" subtitle="Which distributor delivers for which seller or buyer. An ended link can be linked again." />
      <DistributorLinksPanel manage={canManageDistributorLinks(me.data)} />
    </>
  );
}
