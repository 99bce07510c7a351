import { Link, useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/queries';
import { ProductCatalog } from '../../components/catalog/ProductCatalog';
import { ErrorState, Loading, PageHeader } from '../../components/ui';
import { canEditProduct, canEditProducts } from '../../shell/permissions';
import { membershipsFor } from '../../shell/personas';

/** The products of the user's seller organization(s), in every curation state. */
export function MyProductsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;

  const seen = new Set<string>();
  const sellers = membershipsFor(me.data, 'seller').filter((o) => o.kind === 'seller' && !seen.has(o.id) && seen.add(o.id));
  if (sellers.length === 0) {
    return (
      <>
        <PageHeader title="My products" />
        <div className="notice notice-warning" role="status">
          You are not a member of a seller organization in this marketplace.
        </div>
      </>
    );
  }
  const sellerId = sellers.find((s) => s.id === params.get('seller'))?.id ?? sellers[0]!.id;
  const seller = sellers.find((s) => s.id === sellerId)!;

  return (
    <>
      <PageHeader
        title="My products"
        subtitle={`${seller.legal_name}: every product in every state. Buyers see approved products only.`}
        actions={
          <>
            {sellers.length > 1 && (
              <select
                aria-label="Seller"
                value={sellerId}
                onChange={(e) =>
                  setParams((prev) => {
                    const next = new URLSearchParams(prev);
                    next.set('seller', e.target.value);
                    return next;
                  })
                }
              >
                {sellers.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.legal_name}
                  </option>
                ))}
              </select>
            )}
            {canEditProducts(me.data) && (
              <Link className="btn btn-primary" to="/seller/products/new">
                New product
              </Link>
            )}
          </>
        }
      />
      <ProductCatalog
        sellerId={sellerId}
        showStatus
        showSeller={false}
        emptyText="No products yet."
        rowAction={(p) =>
          canEditProduct(me.data, p.seller_id) ? (
            <Link to={`/seller/products/${p.id}/edit`} className="small">
              Edit
            </Link>
          ) : null
        }
      />
    </>
  );
}
