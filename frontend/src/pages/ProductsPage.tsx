import { Link } from 'react-router-dom';
import { useMe } from '../api/queries';
import { ProductCatalog } from '../components/catalog/ProductCatalog';
import { ErrorState, Loading, PageHeader } from '../components/ui';
import { canEditProducts, canReadProducts, isCatalogStaff, seesCurationStatus } from '../shell/permissions';
import { roleLabel } from '../shell/personas';

/** The catalog for everyone with product:read: buyers see published products, sellers also their own, staff everything. */
export function ProductsPage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;

  if (!canReadProducts(me.data)) {
    return (
      <>
        <PageHeader title="Catalog" />
        <div className="notice notice-warning" role="status">
          Your roles ({me.data.roles.map(roleLabel).join(', ') || 'none'}) do not include reading the catalog in this marketplace.
        </div>
      </>
    );
  }

  const staff = isCatalogStaff(me.data);
  return (
    <>
      <PageHeader
        title="Catalog"
        subtitle={
          staff
            ? 'Every product in this marketplace, in every curation state.'
            : seesCurationStatus(me.data)
              ? 'Published products, and your own products in every state.'
              : 'Published products of approved sellers.'
        }
        actions={
          <>
            <Link className="btn btn-quiet" to="/search">
              Catalog search
            </Link>
            {canEditProducts(me.data) && (
              <Link className="btn" to="/seller/products/new">
                New product
              </Link>
            )}
          </>
        }
      />
      <ProductCatalog showStatus={seesCurationStatus(me.data)} />
    </>
  );
}
