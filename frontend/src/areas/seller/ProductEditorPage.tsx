import { useCallback, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useCreateProduct, useMe, useProduct, useProductRevisions, useUpdateProduct } from '../../api/queries';
import type { Me, Product, ProductRevision } from '../../api/types';
import { ReviewNotes } from '../../components/catalog/RevisionHistory';
import { SubmitProductButton } from '../../components/catalog/SubmitProductButton';
import { ErrorState, Loading, Mono, PageHeader, StatusBadge } from '../../components/ui';
import { catalogSellers, canEditProduct } from '../../shell/permissions';
import { ProductForm } from './ProductForm';
import { emptyForm, fromData, toCreate, toData, type PointerMessages } from './productForm';

function NoCatalogRole({ me, title }: { me: Me; title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="notice notice-warning" role="status">
        Only a seller's admin or catalog manager edits its products. Your roles: {me.roles.join(', ') || 'none'}.
      </div>
    </>
  );
}

export function NewProductPage() {
  const me = useMe();
  const create = useCreateProduct();
  const navigate = useNavigate();
  const sellers = me.data ? catalogSellers(me.data) : [];
  const defaultSeller = sellers.length === 1 ? sellers[0]!.id : '';
  const initial = useMemo(() => emptyForm(defaultSeller), [defaultSeller]);

  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (sellers.length === 0) return <NoCatalogRole me={me.data} title="New product" />;

  const curated = me.data.tenant.model === 'curated';
  return (
    <>
      <PageHeader
        title="New product"
        subtitle={`Creates a draft that only your company and the marketplace staff see. ${curated ? 'Submit it for review' : 'Publish it'} when it is complete.`}
      />
      <ProductForm
        mode="create"
        initial={initial}
        sellers={sellers}
        cancelTo="/seller/products"
        onSave={async (state) => {
          const p = await create.mutateAsync(toCreate(state));
          navigate(`/seller/products/${p.id}/edit`, { replace: true, state: { notice: 'created' } });
        }}
      />
    </>
  );
}

type Notice = 'created' | 'saved' | 'submitted';

export function EditProductPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const me = useMe();
  const product = useProduct(id);
  const editable = !!(me.data && product.data && canEditProduct(me.data, product.data.seller_id));
  const revisions = useProductRevisions(id, editable);
  const [notice, setNotice] = useState<Notice | null>(((location.state as { notice?: Notice } | null)?.notice) ?? null);
  const [saves, setSaves] = useState(0);
  const [dirty, setDirty] = useState(false);
  const update = useUpdateProduct(id);

  const latest: ProductRevision | undefined = revisions.data?.items[0];
  const p = product.data;
  // The newest revision is what the seller edits; the product row holds the live data.
  const data = latest && p && latest.number === p.revision ? latest.data : p;
  const initial = useMemo(() => (data && p ? fromData(data, p.sku, p.seller_id) : null), [data, p]);
  const comments = useMemo(() => {
    const out: PointerMessages = {};
    if (latest?.status === 'changes_requested') for (const c of latest.comments ?? []) (out[c.field] ??= []).push(c.comment);
    return out;
  }, [latest]);
  const onDirtyChange = useCallback((d: boolean) => setDirty(d), []);

  if (me.isPending || product.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (product.isError) {
    if (isApiError(product.error) && product.error.status === 404) {
      return (
        <>
          <PageHeader title="Product not found" />
          <p>
            No product with id <Mono>{id}</Mono> in your catalog. <Link to="/seller/products">Back to my products</Link>
          </p>
        </>
      );
    }
    return <ErrorState error={product.error} onRetry={() => void product.refetch()} />;
  }
  if (!editable || !p) return <NoCatalogRole me={me.data} title={`Edit ${product.data.sku}`} />;
  if (revisions.isPending) return <Loading />;
  if (revisions.isError) return <ErrorState error={revisions.error} onRetry={() => void revisions.refetch()} />;
  if (!initial) return <Loading />;

  const model = me.data.tenant.model;
  const curated = model === 'curated';

  return (
    <>
      <PageHeader
        title={`Edit ${p.name || p.sku}`}
        subtitle={
          <span className="subtitle-row">
            <Mono>{p.sku}</Mono>
            <StatusBadge value={p.curation_status} />
            <span className="muted">
              revision {p.revision}
              {p.approved_revision > 0 ? ` · live: revision ${p.approved_revision}` : ' · not published'}
            </span>
            <Link to={`/products/${p.id}`}>View product</Link>
          </span>
        }
        actions={
          <SubmitProductButton
            product={p}
            model={model}
            disabled={dirty}
            disabledReason={dirty ? 'Save your changes first.' : undefined}
            onDone={() => setNotice('submitted')}
          />
        }
      />
      <EditorNotice notice={notice} product={p} curated={curated} latest={latest} />
      <ProductForm
        key={`${p.id}:${latest?.number ?? 0}:${saves}`}
        mode="edit"
        initial={initial}
        sellers={catalogSellers(me.data)}
        comments={comments}
        cancelTo={`/products/${p.id}`}
        onDirtyChange={onDirtyChange}
        onSave={async (state) => {
          await update.mutateAsync(toData(state));
          // Reload the revision so the form shows the data as the server normalised it.
          await revisions.refetch();
          setSaves((n) => n + 1);
          setNotice('saved');
        }}
      />
    </>
  );
}

function EditorNotice({
  notice,
  product: p,
  curated,
  latest,
}: {
  notice: Notice | null;
  product: Product;
  curated: boolean;
  latest: ProductRevision | undefined;
}) {
  const submitVerb = curated ? 'Submit it for review' : 'Publish it';
  const out = [];
  if (notice === 'created') {
    out.push(
      <div key="n" className="notice notice-info" role="status">
        Draft created. {submitVerb} when it is complete.
      </div>,
    );
  } else if (notice === 'saved') {
    out.push(
      <div key="n" className="notice notice-info" role="status">
        {p.curation_status === 'approved' && !curated
          ? `Saved and published as revision ${p.approved_revision}.`
          : p.approved_revision > 0 && p.revision > p.approved_revision
            ? `Saved as revision ${p.revision}. Buyers see revision ${p.approved_revision} until this one is ${curated ? 'approved' : 'published'}. ${submitVerb} when ready.`
            : `Saved. ${submitVerb} when ready.`}
      </div>,
    );
  } else if (notice === 'submitted') {
    out.push(
      <div key="n" className="notice notice-info" role="status">
        {p.curation_status === 'submitted'
          ? 'Submitted for review. A marketplace admin will approve it or ask for changes.'
          : 'Published: buyers can see it now.'}
      </div>,
    );
  }
  if (p.curation_status === 'submitted' && notice !== 'submitted') {
    out.push(
      <div key="s" className="notice notice-warning" role="status">
        Revision {p.revision} is waiting for review. Saving changes takes it back to draft; submit it again afterwards.
      </div>,
    );
  }
  if (latest && (latest.status === 'changes_requested' || latest.status === 'rejected')) {
    out.push(
      <div key="r" className={`notice ${latest.status === 'rejected' ? 'notice-error' : 'notice-warning'}`} role="status">
        <strong>
          {latest.status === 'rejected'
            ? `Revision ${latest.number} was rejected. Saving changes starts a new revision.`
            : `Changes requested on revision ${latest.number}. The reviewer's comments are shown at their fields.`}
        </strong>
        <ReviewNotes reason={latest.review_reason} comments={latest.comments ?? []} />
      </div>,
    );
  }
  return <>{out}</>;
}
