import { useId, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useCatalogSearch, useMe } from '../api/queries';
import type { CatalogSearchParams, SearchFacetValue, SearchHit, SearchPriceBucket } from '../api/types';
import { formatMoney } from '../components/format';
import { SearchBox } from '../components/SearchBox';
import { Badge, EmptyState, ErrorState, Loading, PageHeader, Panel } from '../components/ui';
import { canReadProducts } from '../shell/permissions';
import { roleLabel } from '../shell/personas';

const PAGE_SIZE = 20;
/** Multi-valued filters: repeated in the URL exactly as the API takes them. */
const LIST_FILTERS = ['seller_id', 'origin', 'hs_chapter', 'incoterm'] as const;
type ListFilter = (typeof LIST_FILTERS)[number];

/** Currencies offered besides the marketplace's and the one in use (the API takes any ISO 4217 code). */
const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY', 'INR'];

function intParam(v: string | null): number | undefined {
  return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The search as the URL states it: every filter is linkable and survives reload and back. */
export function searchFromURL(params: URLSearchParams): Omit<CatalogSearchParams, 'cursor'> {
  const available = params.get('available');
  const list = (k: ListFilter) => {
    const v = params.getAll(k).filter(Boolean);
    return v.length ? v : undefined;
  };
  return {
    q: params.get('q')?.trim() || undefined,
    currency: params.get('currency') || undefined,
    seller_id: list('seller_id'),
    origin: list('origin'),
    hs_chapter: list('hs_chapter'),
    incoterm: list('incoterm'),
    price_min: intParam(params.get('price_min')),
    price_max: intParam(params.get('price_max')),
    available: available === 'true' ? true : available === 'false' ? false : undefined,
    limit: PAGE_SIZE,
  };
}

/** Ranked catalog search with facets, for everyone who may read products. */
export function CatalogSearchPage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!canReadProducts(me.data)) {
    return (
      <>
        <PageHeader title="Catalog search" />
        <div className="notice notice-warning" role="status">
          Your roles ({me.data.roles.map(roleLabel).join(', ') || 'none'}) do not include reading the catalog in this marketplace.
        </div>
      </>
    );
  }
  return <CatalogSearch defaultCurrency={me.data.tenant.default_currency} />;
}

function CatalogSearch({ defaultCurrency }: { defaultCurrency: string }) {
  const [params, setParams] = useSearchParams();
  const search = searchFromURL(params);
  const result = useCatalogSearch(search);
  const pages = result.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const first = pages[0];
  const currency = first?.currency ?? search.currency ?? defaultCurrency;

  function update(change: (next: URLSearchParams) => void) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true },
    );
  }

  function toggle(key: ListFilter, value: string) {
    update((next) => {
      const values = next.getAll(key);
      next.delete(key);
      const kept = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
      for (const v of kept) next.append(key, v);
    });
  }

  function setPrice(bucket: SearchPriceBucket | undefined) {
    update((next) => {
      next.delete('price_min');
      next.delete('price_max');
      if (!bucket) return;
      next.set('price_min', String(bucket.min));
      // A bucket's max is exclusive; the price_max filter is inclusive.
      if (bucket.max !== undefined) next.set('price_max', String(bucket.max - 1));
    });
  }

  const filtered =
    LIST_FILTERS.some((k) => params.getAll(k).length > 0) ||
    search.price_min !== undefined ||
    search.price_max !== undefined ||
    search.available !== undefined;

  const currencies = [...new Set([defaultCurrency, currency, ...COMMON_CURRENCIES].map((c) => c.toUpperCase()))];
  const total = first?.facets.total;
  const capped = first?.facets.capped === true;

  return (
    <>
      <PageHeader
        title="Catalog search"
        subtitle="Ranked search across every seller's published products, with the prices and Incoterms you could order now."
        actions={
          <Link className="btn btn-quiet" to="/products">
            Product list
          </Link>
        }
      />
      <div className="toolbar search-toolbar" role="search">
        <SearchBox
          value={search.q ?? ''}
          onSearch={(v) => update((next) => (v.trim() ? next.set('q', v.trim()) : next.delete('q')))}
          label="Search the catalog"
          placeholder='Words, "a phrase", -exclude, a OR b'
        />
        <label className="inline-label">
          Currency
          <select
            value={currency}
            onChange={(e) =>
              update((next) => {
                // Price buckets are per currency: a price filter does not carry over.
                next.delete('price_min');
                next.delete('price_max');
                if (e.target.value === defaultCurrency) next.delete('currency');
                else next.set('currency', e.target.value);
              })
            }
          >
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button
            type="button"
            className="btn btn-small btn-quiet"
            onClick={() =>
              update((next) => {
                for (const k of [...LIST_FILTERS, 'price_min', 'price_max', 'available']) next.delete(k);
              })
            }
          >
            Clear filters
          </button>
        )}
        {result.isFetching && !result.isFetchingNextPage && !result.isPending && <span className="spinner" aria-label="Updating" />}
      </div>

      {result.isError && !result.isFetchNextPageError && (
        <ErrorState error={result.error} onRetry={items.length ? undefined : () => void result.refetch()} />
      )}

      <div className="search-layout">
        <aside className="facets" aria-label="Filters">
          {first && (
            <>
              <FacetGroup
                legend="Seller"
                values={withSelected(first.facets.seller, search.seller_id)}
                selected={search.seller_id}
                onToggle={(v) => toggle('seller_id', v)}
              />
              <FacetGroup
                legend="Country of origin"
                values={withSelected(first.facets.origin, search.origin)}
                selected={search.origin}
                onToggle={(v) => toggle('origin', v)}
                label={(f) => (f.label && f.label !== f.value ? `${f.label} (${f.value})` : f.value)}
              />
              <FacetGroup
                legend="HS chapter"
                values={withSelected(first.facets.hs_chapter, search.hs_chapter)}
                selected={search.hs_chapter}
                onToggle={(v) => toggle('hs_chapter', v)}
                label={(f) => (f.label ? `${f.value} · ${f.label}` : `Chapter ${f.value}`)}
              />
              <FacetGroup
                legend="Incoterm"
                values={withSelected(first.facets.incoterm, search.incoterm)}
                selected={search.incoterm}
                onToggle={(v) => toggle('incoterm', v)}
              />
              <PriceFacet
                buckets={first.facets.price}
                currency={currency}
                priceMin={search.price_min}
                priceMax={search.price_max}
                onChange={setPrice}
              />
              <AvailabilityFacet
                counts={first.facets.available}
                value={search.available}
                onChange={(v) => update((next) => (v === undefined ? next.delete('available') : next.set('available', String(v))))}
              />
            </>
          )}
        </aside>

        <Panel flush title={total === undefined ? 'Results' : capped ? `${total.toLocaleString('en')}+ products` : `${total} ${total === 1 ? 'product' : 'products'}`}>
          {result.isPending ? (
            <Loading label="Searching…" />
          ) : items.length === 0 ? (
            result.isError ? null : (
              <EmptyState>
                {search.q || filtered ? 'No products match this search. Try fewer words or clear some filters.' : 'No published products yet.'}
              </EmptyState>
            )
          ) : (
            <ResultsTable items={items} />
          )}
          {result.isFetchNextPageError && <ErrorState error={result.error} />}
          {result.hasNextPage && (
            <div className="table-footer">
              <button type="button" className="btn" onClick={() => void result.fetchNextPage()} disabled={result.isFetchingNextPage}>
                {result.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </Panel>
      </div>
    </>
  );
}

/** A selected value the current results no longer count still needs its box, to be unticked. */
function withSelected(values: SearchFacetValue[], selected: string[] | undefined): SearchFacetValue[] {
  const missing = (selected ?? []).filter((s) => !values.some((v) => v.value === s));
  return [...values, ...missing.map((value) => ({ value, count: 0 }))];
}

function FacetGroup({
  legend,
  values,
  selected = [],
  onToggle,
  label = (f) => f.label || f.value,
}: {
  legend: string;
  values: SearchFacetValue[];
  selected?: string[];
  onToggle: (value: string) => void;
  label?: (f: SearchFacetValue) => string;
}) {
  const id = useId();
  if (values.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      <ul>
        {values.map((f) => (
          <li key={f.value}>
            <input id={`${id}-${f.value}`} type="checkbox" checked={selected.includes(f.value)} onChange={() => onToggle(f.value)} />
            <label htmlFor={`${id}-${f.value}`}>
              {label(f)} <span className="facet-count">{f.count}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function bucketLabel(b: SearchPriceBucket, currency: string): string {
  return b.max === undefined
    ? `${formatMoney(b.min, currency)} and more`
    : `${formatMoney(b.min, currency)} – ${formatMoney(b.max, currency)}`;
}

function PriceFacet({
  buckets,
  currency,
  priceMin,
  priceMax,
  onChange,
}: {
  buckets: SearchPriceBucket[];
  currency: string;
  priceMin?: number;
  priceMax?: number;
  onChange: (b: SearchPriceBucket | undefined) => void;
}) {
  const name = useId();
  const filtered = priceMin !== undefined || priceMax !== undefined;
  const isSelected = (b: SearchPriceBucket) => b.min === priceMin && (b.max === undefined ? priceMax === undefined : b.max - 1 === priceMax);
  if (buckets.length === 0 && !filtered) return null;
  const known = buckets.some(isSelected);
  return (
    <fieldset className="facet">
      <legend>Price ({currency})</legend>
      <ul>
        <Radio name={name} checked={!filtered} onChange={() => onChange(undefined)}>
          Any price
        </Radio>
        {buckets.map((b) => (
          <Radio key={b.min} name={name} checked={isSelected(b)} onChange={() => onChange(b)}>
            {bucketLabel(b, currency)} <span className="facet-count">{b.count}</span>
          </Radio>
        ))}
        {filtered && !known && (
          <Radio name={name} checked onChange={() => undefined}>
            {priceMin !== undefined ? formatMoney(priceMin, currency) : '…'} – {priceMax !== undefined ? formatMoney(priceMax, currency) : '…'}
          </Radio>
        )}
      </ul>
    </fieldset>
  );
}

function AvailabilityFacet({
  counts,
  value,
  onChange,
}: {
  counts: { true: number; false: number };
  value?: boolean;
  onChange: (v: boolean | undefined) => void;
}) {
  const name = useId();
  return (
    <fieldset className="facet">
      <legend>Availability</legend>
      <ul>
        <Radio name={name} checked={value === undefined} onChange={() => onChange(undefined)}>
          Any
        </Radio>
        <Radio name={name} checked={value === true} onChange={() => onChange(true)}>
          Orderable now <span className="facet-count">{counts.true}</span>
        </Radio>
        <Radio name={name} checked={value === false} onChange={() => onChange(false)}>
          Not orderable <span className="facet-count">{counts.false}</span>
        </Radio>
      </ul>
    </fieldset>
  );
}

function Radio({ name, checked, onChange, children }: { name: string; checked: boolean; onChange: () => void; children: ReactNode }) {
  const id = useId();
  return (
    <li>
      <input id={id} type="radio" name={name} checked={checked} onChange={onChange} />
      <label htmlFor={id}>{children}</label>
    </li>
  );
}

function ResultsTable({ items }: { items: SearchHit[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Product</th>
          <th>SKU</th>
          <th>Seller</th>
          <th>Origin</th>
          <th className="num">Best price</th>
          <th>Incoterms</th>
          <th>Availability</th>
        </tr>
      </thead>
      <tbody>
        {items.map((h) => (
          <tr key={h.id}>
            <td>
              <Link to={`/products/${h.id}`}>{h.name}</Link>
              {!h.published && (
                <>
                  {' '}
                  <Badge tone="warning">unpublished</Badge>
                </>
              )}
              <div className="muted small">HS chapter {h.hs_chapter}</div>
            </td>
            <td>
              <code className="mono">{h.sku}</code>
            </td>
            <td>{h.seller_name}</td>
            <td>{h.country_of_origin}</td>
            <td className="num">
              {h.best_price ? (
                <>
                  {formatMoney(h.best_price.amount, h.best_price.currency)}
                  <span className="muted small"> / {h.unit}</span>
                </>
              ) : (
                <span className="muted">no visible price</span>
              )}
            </td>
            <td>{h.incoterms.length ? h.incoterms.join(', ') : <span className="muted">—</span>}</td>
            <td>
              {h.available ? (
                <Badge tone="success">orderable</Badge>
              ) : (
                <Badge>not orderable</Badge>
              )}
              {h.available && h.lead_time_days !== undefined && <div className="muted small">lead time {h.lead_time_days} d</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
