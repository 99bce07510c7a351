import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client';
import { useMe, useProduct, useProductRevisions } from '../api/queries';
import type { Product } from '../api/types';
import { ProductMasterData } from '../components/catalog/ProductMasterData';
import { ReviewNotes, RevisionHistory } from '../components/catalog/RevisionHistory';
import { SellerName } from '../components/catalog/SellerName';
import { SubmitProductButton } from '../components/catalog/SubmitProductButton';
import { formatDateTime } from '../components/format';
import { ErrorState, Loading, Mono, PageHeader, StatusBadge } from '../components/ui';
import { canCurate, canEditProduct, canSeeHistory, seesCurationStatus } from '../shell/permissions';

export function ProductDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const q = useProduct(id);

  if (q.isPending || me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) {
      return (
        <>
          <PageHeader title="Product not found" />
          <p>
            No product with id <Mono>{id}</Mono> that you can see. <Link to="/products">Back to the catalog</Link>
          </p>
        </>
      );
    }
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  }

  const p = q.data;
  const showStatus = seesCurationStatus(me.data);
  const editable = canEditProduct(me.data, p.seller_id);
  const history = canSeeHistory(me.data, p.seller_id);

  return (
    <>
      <PageHeader
        title={p.name || p.sku}
        subtitle={
          <span className="subtitle-row">
            <Mono>{p.sku}</Mono>
            <span>
              by <SellerName id={p.seller_id} />
            </span>
            {showStatus && <StatusBadge value={p.curation_status} />}
            <Link to="/products">All products</Link>
          </span>
        }
        actions={
          <>
            {canCurate(me.data) && p.curation_status === 'submitted' && (
              <Link className="btn" to={`/operator/curation?selected=${p.id}`}>
                Review
              </Link>
            )}
            {editable && (
              <>
                <Link className="btn" to={`/seller/products/${p.id}/edit`}>
                  Edit
                </Link>
                <SubmitProductButton product={p} model={me.data.tenant.model} />
              </>
            )}
          </>
        }
      />
      {showStatus && <PublicationNotice product={p} />}
      {history && (p.curation_status === 'changes_requested' || p.curation_status === 'rejected') && (
        <LatestReview productId={p.id} />
      )}
      <ProductMasterData
        data={p}
        sku={p.sku}
        sellerId={p.seller_id}
        extraIdentity={[
          ['Revision', history ? `${p.revision} (live: ${p.approved_revision || 'none'})` : String(p.approved_revision)],
          ['Updated', formatDateTime(p.updated_at)],
          ['Product id', <Mono>{p.id}</Mono>],
        ]}
      />
      {history && <RevisionHistory productId={p.id} approvedRevision={p.approved_revision} />}
    </>
  );
}

/** Which revision buyers see, when the newest one is still in the works. */
function PublicationNotice({ product: p }: { product: Product }) {
  if (p.approved_revision === 0) {
    return (
      <div className="notice notice-info" role="status">
        Not published: buyers do not see this product until a revision is {p.curation_status === 'submitted' ? 'approved' : 'submitted and approved'}.
      </div>
    );
  }
  if (p.revision > p.approved_revision) {
    return (
      <div className="notice notice-info" role="status">
        Revision {p.revision} is {p.curation_status.replace(/_/g, ' ')}. Buyers see revision {p.approved_revision}, shown below; the
        pending changes are in the revision history.
      </div>
    );
  }
  return null;
}

function LatestReview({ productId }: { productId: string }) {
  const revs = useProductRevisions(productId);
  const latest = revs.data?.items[0];
  if (!latest || (!latest.review_reason && !latest.comments?.length)) return null;
  return (
    <div className={`notice ${latest.status === 'rejected' ? 'notice-error' : 'notice-warning'}`} role="status">
      <strong>
        Revision {latest.number}: {latest.status === 'rejected' ? 'rejected' : 'changes requested'}
      </strong>
      <ReviewNotes reason={latest.review_reason} comments={latest.comments ?? []} />
    </div>
  );
}

