import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Product } from '../../api/types';
import { Mono, StatusBadge } from '../ui';
import { ClassificationBadges } from './ClassificationBadges';
import { formatHS, isDualUse } from './productFields';
import { SellerName } from './SellerName';

/** The dense catalog table. `showStatus` adds the curation state (sellers and staff). */
export function ProductsTable({
  items,
  showStatus,
  showSeller = true,
  rowAction,
}: {
  items: Product[];
  showStatus: boolean;
  showSeller?: boolean;
  rowAction?: (p: Product) => ReactNode;
}) {
  return (
    <table className="table table-dense">
      <thead>
        <tr>
          <th>SKU</th>
          <th>Name</th>
          {showSeller && <th>Seller</th>}
          <th>HS code</th>
          <th>Origin</th>
          <th>Unit</th>
          <th>Export classification</th>
          {showStatus && <th>Status</th>}
          {rowAction && <th aria-label="Actions" />}
        </tr>
      </thead>
      <tbody>
        {items.map((p) => (
          <tr key={p.id} className={isDualUse(p) ? 'row-dual-use' : undefined}>
            <td>
              <Mono>{p.sku}</Mono>
            </td>
            <td>
              <Link to={`/products/${p.id}`}>{p.name || <span className="muted">(no name)</span>}</Link>
            </td>
            {showSeller && (
              <td>
                <SellerName id={p.seller_id} />
              </td>
            )}
            <td className="nowrap">{formatHS(p.hs_code)}</td>
            <td>{p.country_of_origin}</td>
            <td>{p.unit}</td>
            <td>
              <ClassificationBadges product={p} />
            </td>
            {showStatus && (
              <td className="nowrap">
                <StatusBadge value={p.curation_status} />
                {p.approved_revision > 0 && p.revision > p.approved_revision && (
                  <span className="muted small" title={`Buyers see revision ${p.approved_revision}`}>
                    {' '}
                    rev {p.revision}
                  </span>
                )}
              </td>
            )}
            {rowAction && <td className="nowrap">{rowAction(p)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
