import type { ReactNode } from 'react';
import type { CoASpec, ProductData } from '../../api/types';
import { EmptyState, KeyValues, Mono, Panel } from '../ui';
import { ClassificationBadges } from './ClassificationBadges';
import { formatDimensions, formatGrams, formatHS, formatSpec, isControlledUS, isDualUseEU } from './productFields';
import { SellerName } from './SellerName';

/** The master data in sections: identity, trade and customs, physical, hazmat, packaging; then the CoA specification. */
export function ProductMasterData({
  data,
  sku,
  sellerId,
  extraIdentity = [],
}: {
  data: ProductData;
  sku?: string;
  sellerId?: string;
  extraIdentity?: [string, ReactNode][];
}) {
  const pk = data.packaging;
  return (
    <>
      <div className="grid-sections">
        <Panel title="Identity">
          <KeyValues
            rows={[
              ...(sku !== undefined ? ([['SKU', <Mono>{sku}</Mono>]] as [string, ReactNode][]) : []),
              ['Name', data.name || undefined],
              ['Description', data.description ? <span className="pre-line">{data.description}</span> : undefined],
              ...(sellerId ? ([['Seller', <SellerName id={sellerId} />]] as [string, ReactNode][]) : []),
              ...extraIdentity,
            ]}
          />
        </Panel>
        <Panel title="Trade and customs">
          <KeyValues
            rows={[
              ['HS code', data.hs_code ? <span title={data.hs_code}>{formatHS(data.hs_code)}</span> : undefined],
              ['Country of origin', data.country_of_origin || undefined],
              ['Unit', data.unit ? <Mono>{data.unit}</Mono> : undefined],
              [
                'EU dual-use',
                <span className={isDualUseEU(data.eu_classification) ? 'text-danger' : undefined}>
                  {data.eu_classification || 'not_listed'}
                </span>,
              ],
              [
                'US ECCN',
                <span className={isControlledUS(data.us_classification) ? 'text-warning' : undefined}>
                  {data.us_classification || 'EAR99'}
                </span>,
              ],
              ['Export control', <ClassificationBadges product={data} />],
            ]}
          />
        </Panel>
        <Panel title="Physical">
          <KeyValues
            rows={[
              ['Net weight', formatGrams(data.net_weight_g)],
              ['Gross weight', formatGrams(data.gross_weight_g)],
              ['Dimensions', formatDimensions(data)],
              ['Shelf life', data.shelf_life_days !== undefined && data.shelf_life_days !== null ? `${data.shelf_life_days} days` : undefined],
            ]}
          />
        </Panel>
        <Panel title="Hazmat and packaging">
          <KeyValues
            rows={[
              [
                'UN number',
                data.hazmat_un_number ? (
                  <span className="badge badge-warning">{data.hazmat_un_number}</span>
                ) : (
                  <span className="muted">not dangerous goods</span>
                ),
              ],
              ['Package type', pk?.type ? <Mono>{pk.type}</Mono> : undefined],
              ['Package', pk?.description || undefined],
              ['Net qty / package', pk?.net_qty ? `${pk.net_qty} ${data.unit}` : undefined],
              ['Packages / pallet', pk?.per_pallet !== undefined && pk?.per_pallet !== null ? String(pk.per_pallet) : undefined],
            ]}
          />
        </Panel>
      </div>
      <Panel title="Certificate of analysis: specification" flush>
        <CoASpecTable rows={data.coa_spec ?? []} />
      </Panel>
    </>
  );
}

export function CoASpecTable({ rows }: { rows: CoASpec[] }) {
  if (rows.length === 0) return <EmptyState>No CoA specification.</EmptyState>;
  return (
    <table className="table table-dense">
      <thead>
        <tr>
          <th>Parameter</th>
          <th>Method</th>
          <th>Unit</th>
          <th>Min</th>
          <th>Max</th>
          <th>Specification</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s, i) => (
          <tr key={`${i}:${s.parameter}`}>
            <td>{s.parameter}</td>
            <td>{s.method || <span className="muted">—</span>}</td>
            <td>{s.unit || <span className="muted">—</span>}</td>
            <td className="num">{s.min || <span className="muted">—</span>}</td>
            <td className="num">{s.max || <span className="muted">—</span>}</td>
            <td>{s.text ? <span>{s.text}</span> : <strong>{formatSpec(s)} {s.unit}</strong>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
