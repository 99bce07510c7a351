import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useCurationQueue, useMe, useProductRevisions } from '../../api/queries';
import type { CurationVerdict, Product } from '../../api/types';
import { ChangesTable } from '../../components/catalog/ChangesTable';
import { ClassificationBadges } from '../../components/catalog/ClassificationBadges';
import { ProductMasterData } from '../../components/catalog/ProductMasterData';
import { SellerName } from '../../components/catalog/SellerName';
import { formatDateTime } from '../../components/format';
import { EmptyState, ErrorState, Loading, Mono, PageHeader, Panel } from '../../components/ui';
import { canCurate } from '../../shell/permissions';
import { CurationDialog } from './CurationDialog';

const PAGE_SIZE = 50;

const DONE_TEXT: Record<CurationVerdict, string> = {
  approve: 'approved and published',
  request_changes: 'sent back with your comments',
  reject: 'rejected',
};

/** Submitted products waiting for a marketplace admin: the queue, and the selected revision's changes. */
export function CurationQueuePage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const queue = useCurationQueue(PAGE_SIZE, !!me.data && canCurate(me.data));
  const [done, setDone] = useState<{ sku: string; decision: CurationVerdict } | null>(null);

  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!canCurate(me.data)) {
    return (
      <>
        <PageHeader title="Curation queue" />
        <div className="notice notice-warning" role="status">
          {me.data.tenant.model === 'curated'
            ? 'Only marketplace admins curate products.'
            : 'This marketplace publishes products without curation: there is no queue.'}
        </div>
      </>
    );
  }

  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const selectedId = params.get('selected');
  const selected = items.find((p) => p.id === selectedId) ?? (selectedId ? undefined : items[0]);

  function select(id: string | null) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('selected', id);
        else next.delete('selected');
        return next;
      },
      { replace: true },
    );
  }

  return (
    <>
      <PageHeader title="Curation queue" subtitle="Products sellers submitted. Approving publishes the revision to buyers." />
      {done && (
        <div className="notice notice-info" role="status">
          <span>
            <Mono>{done.sku}</Mono> {DONE_TEXT[done.decision]}.
          </span>
        </div>
      )}
      <div className="split">
        <Panel flush title={queue.isSuccess ? `${items.length}${queue.hasNextPage ? '+' : ''} waiting` : 'Waiting'}>
          {queue.isPending ? (
            <Loading />
          ) : queue.isError && items.length === 0 ? (
            <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState>Nothing to review.</EmptyState>
          ) : (
            <table className="table table-dense queue">
              <thead>
                <tr>
                  <th>Product</th>
                  <th>Seller</th>
                  <th>Revision</th>
                  <th>Export control</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr
                    key={p.id}
                    className={p.id === selected?.id ? 'selected' : undefined}
                    onClick={() => select(p.id)}
                  >
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-current={p.id === selected?.id ? 'true' : undefined}
                        onClick={() => select(p.id)}
                      >
                        {p.name || p.sku}
                      </button>
                      <div>
                        <Mono>{p.sku}</Mono>
                      </div>
                    </td>
                    <td>
                      <SellerName id={p.seller_id} link={false} />
                    </td>
                    <td className="nowrap">
                      {p.approved_revision > 0 ? (
                        <>
                          {p.revision} <span className="muted small">change</span>
                        </>
                      ) : (
                        <>
                          {p.revision} <span className="muted small">new</span>
                        </>
                      )}
                    </td>
                    <td>
                      <ClassificationBadges product={p} compact />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {queue.hasNextPage && (
            <div className="table-footer">
              <button type="button" className="btn" onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
                {queue.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </Panel>
        <div>
          {selected ? (
            <ReviewPanel
              key={selected.id}
              product={selected}
              onDone={(p, decision) => {
                setDone({ sku: p.sku, decision });
                select(null);
              }}
            />
          ) : selectedId && queue.isSuccess ? (
            <div className="notice notice-info" role="status">
              That product is no longer waiting for review. <Link to={`/products/${selectedId}`}>Open it</Link>
            </div>
          ) : null}
        </div>
      </div>
    </>
  );
}

function ReviewPanel({ product: p, onDone }: { product: Product; onDone: (p: Product, d: CurationVerdict) => void }) {
  const revisions = useProductRevisions(p.id);
  const [dialog, setDialog] = useState<CurationVerdict | null>(null);
  const close = useCallback(() => setDialog(null), []);
  const rev = revisions.data?.items.find((r) => r.number === p.revision);

  return (
    <>
      <Panel
        title={`${p.sku} · revision ${p.revision}`}
        actions={
          <div className="toolbar">
            <button type="button" className="btn btn-primary btn-small" disabled={!rev} onClick={() => setDialog('approve')}>
              Approve
            </button>
            <button type="button" className="btn btn-small" disabled={!rev} onClick={() => setDialog('request_changes')}>
              Request changes
            </button>
            <button type="button" className="btn btn-small btn-danger-outline" disabled={!rev} onClick={() => setDialog('reject')}>
              Reject
            </button>
          </div>
        }
      >
        <div className="review-summary">
          <div>
            <Link to={`/products/${p.id}`}>
              <strong>{rev?.data.name || p.name}</strong>
            </Link>{' '}
            by <SellerName id={p.seller_id} />
          </div>
          <div className="muted small">
            {p.approved_revision > 0
              ? `Change to a published product: buyers see revision ${p.approved_revision} until you approve.`
              : 'First submission: not published yet.'}
            {rev?.submitted_at && ` Submitted ${formatDateTime(rev.submitted_at)}.`}
          </div>
          {rev && <ClassificationBadges product={rev.data} />}
        </div>
      </Panel>
      {revisions.isPending ? (
        <Loading />
      ) : revisions.isError ? (
        <ErrorState error={revisions.error} onRetry={() => void revisions.refetch()} />
      ) : !rev ? (
        <div className="notice notice-warning">Revision {p.revision} was not found in the product's history.</div>
      ) : (
        <>
          <Panel
            flush
            title={p.approved_revision > 0 ? `Changes against revision ${p.approved_revision} (live)` : 'Submitted data (first revision)'}
          >
            <ChangesTable changes={rev.changes} emptyText="No changes against the live revision." />
          </Panel>
          <details className="submitted-data">
            <summary>Full master data of revision {rev.number}</summary>
            <ProductMasterData data={rev.data} sku={p.sku} sellerId={p.seller_id} />
          </details>
          {dialog && (
            <CurationDialog
              product={p}
              revision={rev}
              initialDecision={dialog}
              onClose={close}
              onDone={(done, decision) => {
                setDialog(null);
                onDone(done, decision);
              }}
            />
          )}
        </>
      )}
    </>
  );
}
