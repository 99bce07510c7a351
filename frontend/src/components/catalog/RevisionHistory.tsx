import { useProductRevisions } from '../../api/queries';
import type { FieldComment, ProductRevision } from '../../api/types';
import { formatDateTime } from '../format';
import { EmptyState, ErrorState, Loading, Panel, StatusBadge } from '../ui';
import { ChangesTable } from './ChangesTable';
import { fieldLabel } from './productFields';

/** A product's revisions, newest first, each with its changes and the curator's verdict. */
export function RevisionHistory({ productId, approvedRevision }: { productId: string; approvedRevision: number }) {
  const q = useProductRevisions(productId);
  return (
    <Panel title="Revision history" flush>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState>No revisions.</EmptyState>
      ) : (
        <ol className="revisions">
          {q.data.items.map((r) => (
            <RevisionEntry key={r.number} revision={r} live={r.number === approvedRevision} />
          ))}
        </ol>
      )}
    </Panel>
  );
}

function RevisionEntry({ revision: r, live }: { revision: ProductRevision; live: boolean }) {
  return (
    <li className="revision">
      <div className="revision-head">
        <strong>Revision {r.number}</strong>
        <StatusBadge value={r.status} />
        {live && <span className="badge badge-success">live</span>}
        <span className="muted small">
          created {formatDateTime(r.created_at)}
          {r.submitted_at && ` · submitted ${formatDateTime(r.submitted_at)}`}
          {r.reviewed_at && ` · reviewed ${formatDateTime(r.reviewed_at)}`}
        </span>
      </div>
      {(r.review_reason || (r.comments?.length ?? 0) > 0) && <ReviewNotes reason={r.review_reason} comments={r.comments ?? []} />}
      <div className="revision-changes">
        <ChangesTable changes={r.changes} emptyText="Same data as the previous approved revision." />
      </div>
    </li>
  );
}

/** The curator's reason and per-field comments on a revision. */
export function ReviewNotes({ reason, comments }: { reason?: string; comments: FieldComment[] }) {
  return (
    <div className="review-notes">
      {reason && (
        <div>
          <span className="muted">Reason: </span>
          {reason}
        </div>
      )}
      {comments.length > 0 && (
        <ul className="review-comments">
          {comments.map((c, i) => (
            <li key={`${c.field}:${i}`}>
              <span className="comment-field" title={c.field}>
                {fieldLabel(c.field)}
              </span>{' '}
              {c.comment}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
