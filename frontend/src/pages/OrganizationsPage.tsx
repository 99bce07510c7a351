import { useOrganizations } from '../api/queries';
import { OrganizationsTable } from '../components/OrganizationsTable';
import { EmptyState, ErrorState, Loading, PageHeader, Panel } from '../components/ui';

const PAGE_SIZE = 50;

export function OrganizationsPage() {
  const q = useOrganizations(PAGE_SIZE);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Organizations"
        subtitle="Sellers, buyers, distributors and the operator in this marketplace that you can see."
      />
      <Panel
        flush
        title={q.isSuccess ? `${items.length}${q.hasNextPage ? '+' : ''} organizations` : 'Organizations'}
      >
        {q.isPending ? (
          <Loading />
        ) : q.isError && items.length === 0 ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState>No organizations yet.</EmptyState>
        ) : (
          <OrganizationsTable items={items} />
        )}
        {q.isFetchNextPageError && <ErrorState error={q.error} />}
        {q.hasNextPage && (
          <div className="table-footer">
            <button
              type="button"
              className="btn"
              onClick={() => void q.fetchNextPage()}
              disabled={q.isFetchingNextPage}
            >
              {q.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </Panel>
    </>
  );
}
