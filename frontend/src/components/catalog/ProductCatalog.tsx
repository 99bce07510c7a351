import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useProducts } from '../../api/queries';
import { CURATION_STATUSES, type CurationStatus, type Product } from '../../api/types';
import { SearchBox } from '../SearchBox';
import { EmptyState, ErrorState, Loading, Panel } from '../ui';
import { CURATION_STATUS_LABELS } from './productFields';
import { ProductsTable } from './ProductsTable';

const PAGE_SIZE = 50;

function readStatus(v: string | null): CurationStatus | undefined {
  return v && (CURATION_STATUSES as readonly string[]).includes(v) ? (v as CurationStatus) : undefined;
}

/**
 * Search, filter and page through products. The search text (`q`) and status filter
 * live in the URL so a filtered list can be linked, reloaded and navigated back to.
 */
export function ProductCatalog({
  sellerId,
  showStatus,
  showSeller = true,
  actions,
  rowAction,
  emptyText = 'No products match.',
}: {
  /** Restrict to one seller's products. */
  sellerId?: string;
  /** Status column and filter (sellers and marketplace staff). */
  showStatus: boolean;
  showSeller?: boolean;
  actions?: ReactNode;
  rowAction?: (p: Product) => ReactNode;
  emptyText?: ReactNode;
}) {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = showStatus ? readStatus(params.get('status')) : undefined;

  const list = useProducts({ q: q.trim() || undefined, status, seller_id: sellerId, limit: PAGE_SIZE });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  function setParam(key: string, value: string) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  }

  const filtered = q !== '' || status !== undefined;
  const count = list.isSuccess ? `${items.length}${list.hasNextPage ? '+' : ''} ${items.length === 1 ? 'product' : 'products'}` : 'Products';

  return (
    <Panel
      flush
      title={count}
      actions={
        <div className="toolbar">
          <SearchBox
            value={q}
            onSearch={(v) => setParam('q', v.trim())}
            label="Search products"
            placeholder="Name, SKU or description"
          />
          {showStatus && (
            <select aria-label="Status" value={status ?? ''} onChange={(e) => setParam('status', e.target.value)}>
              <option value="">All statuses</option>
              {CURATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {CURATION_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          )}
          {list.isFetching && !list.isFetchingNextPage && !list.isPending && <span className="spinner" aria-label="Updating" />}
          {actions}
        </div>
      }
    >
      {list.isPending ? (
        <Loading />
      ) : list.isError && items.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{filtered ? 'No products match the search.' : emptyText}</EmptyState>
      ) : (
        <ProductsTable items={items} showStatus={showStatus} showSeller={showSeller} rowAction={rowAction} />
      )}
      {list.isFetchNextPageError && <ErrorState error={list.error} />}
      {list.hasNextPage && (
        <div className="table-footer">
          <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </Panel>
  );
}
