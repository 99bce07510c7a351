import { Link } from 'react-router-dom';
import { useOrganization } from '../../api/queries';

/** Sellers rarely change name: one cached read per seller serves every row and page. */
const SELLER_STALE_MS = 10 * 60_000;

/** A seller's legal name from GET /organizations/{id}, cached and shared by every row showing it. */
export function SellerName({ id, link = true }: { id: string; link?: boolean }) {
  const q = useOrganization(id, { staleTime: SELLER_STALE_MS });
  const name = q.data?.legal_name;
  if (!name) {
    return (
      <span className="muted" title={id}>
        {q.isPending ? '…' : `${id.slice(0, 8)}…`}
      </span>
    );
  }
  return link ? <Link to={`/organizations/${id}`}>{name}</Link> : <>{name}</>;
}
