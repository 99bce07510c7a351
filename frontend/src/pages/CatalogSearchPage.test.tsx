import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SearchHit, SearchResult } from '../api/types';
import { json, memoryTokens, mockFetch, problem, type RecordedRequest } from '../test/http';
import { buyerMe, currentLocation, renderApp, SELLER_ORG } from '../test/render';

const OTHER = '0190aaaa-0000-7000-8000-000000000102';

function hit(n: number, overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    id: `0190bbbb-0000-7000-8000-${String(n).padStart(12, '0')}`,
    sku: `CHEM-${n}`,
    name: `Product ${n}`,
    seller_id: SELLER_ORG,
    seller_name: 'Nordic Reagents AB',
    country_of_origin: 'DE',
    hs_chapter: '29',
    unit: 'KGM',
    published: true,
    score: 0.5,
    best_price: { amount: 123456, currency: 'EUR' },
    incoterms: ['EXW', 'FCA'],
    available: true,
    lead_time_days: 5,
    ...overrides,
  };
}

function result(items: SearchHit[], next = '', overrides: Partial<SearchResult> = {}): SearchResult {
  return {
    items,
    next_cursor: next,
    currency: 'EUR',
    facets: {
      total: 3,
      seller: [
        { value: SELLER_ORG, label: 'Nordic Reagents AB', count: 2 },
        { value: OTHER, label: 'Malabar Spice Traders', count: 1 },
      ],
      origin: [
        { value: 'DE', label: 'Germany', count: 2 },
        { value: 'IN', label: 'India', count: 1 },
      ],
      hs_chapter: [
        { value: '29', label: 'Organic chemicals', count: 2 },
        { value: '09', label: 'Coffee, tea, spices', count: 1 },
      ],
      incoterm: [
        { value: 'EXW', count: 3 },
        { value: 'CIF', count: 1 },
      ],
      price: [
        { min: 0, max: 10000, count: 1 },
        { min: 10000, max: 100000, count: 1 },
        { min: 100000, count: 1 },
      ],
      available: { true: 2, false: 1 },
    },
    ...overrides,
  };
}

function server(answer?: (req: RecordedRequest) => Response | undefined) {
  return mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(buyerMe);
    if (req.path === '/api/v1/catalog/search') {
      const custom = answer?.(req);
      if (custom) return custom;
      if (req.url.searchParams.get('cursor') === 'c2') {
        return json(result([hit(3, { name: 'Black pepper', seller_name: 'Malabar Spice Traders', seller_id: OTHER, available: false, best_price: undefined, incoterms: [] })]));
      }
      return json(
        result(
          [
            hit(1, { name: 'Glacial acetic acid', sku: 'CHEM-ACA' }),
            hit(2, { name: 'Yen priced reagent', best_price: { amount: 1500, currency: 'JPY' }, published: false }),
          ],
          'c2',
        ),
      );
    }
    return problem(404, 'Not found', 'no route');
  });
}

const searches = (calls: RecordedRequest[]) => calls.filter((c) => c.path === '/api/v1/catalog/search');

describe('catalog search', () => {
  it('renders hits with money from minor units, facets with counts, and links to the product', async () => {
    const { fetch } = server();
    renderApp('/search', { fetch, tokens: memoryTokens('t') });

    const link = await screen.findByRole('link', { name: 'Glacial acetic acid' });
    expect(link).toHaveAttribute('href', '/products/0190bbbb-0000-7000-8000-000000000001');
    const row = link.closest('tr')!;
    expect(within(row).getByText('€1,234.56')).toBeInTheDocument();
    expect(within(row).getByText('CHEM-ACA')).toBeInTheDocument();
    expect(within(row).getByText('EXW, FCA')).toBeInTheDocument();
    expect(within(row).getByText('orderable')).toBeInTheDocument();
    expect(within(row).getByText('lead time 5 d')).toBeInTheDocument();
    // JPY has no minor unit: 1500 minor units are ¥1,500.
    const yen = screen.getByRole('link', { name: 'Yen priced reagent' }).closest('tr')!;
    expect(within(yen).getByText('¥1,500')).toBeInTheDocument();
    expect(within(yen).getByText('unpublished')).toBeInTheDocument();

    expect(screen.getByRole('heading', { name: '3 products' })).toBeInTheDocument();
    const origin = screen.getByRole('group', { name: 'Country of origin' });
    expect(within(origin).getByRole('checkbox', { name: 'Germany (DE) 2' })).not.toBeChecked();
    const price = screen.getByRole('group', { name: 'Price (EUR)' });
    expect(within(price).getByRole('radio', { name: '€100.00 – €1,000.00 1' })).toBeInTheDocument();
    expect(within(price).getByRole('radio', { name: '€1,000.00 and more 1' })).toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'Availability' })).getByRole('radio', { name: 'Orderable now 2' })).toBeInTheDocument();
  });

  it('facet toggles update the URL and the request, repeated for several values', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server();
    renderApp('/search?q=acid', { fetch, tokens: memoryTokens('t') });

    await screen.findByRole('link', { name: 'Glacial acetic acid' });
    expect(searches(calls)[0]!.url.searchParams.get('q')).toBe('acid');

    await user.click(screen.getByRole('checkbox', { name: /^Germany/ }));
    await waitFor(() => expect(currentLocation(screen.getByTestId).searchParams.getAll('origin')).toEqual(['DE']));
    await user.click(screen.getByRole('checkbox', { name: /^India/ }));
    await user.click(screen.getByRole('checkbox', { name: /^Malabar Spice Traders/ }));
    await user.click(screen.getByRole('radio', { name: /^€100\.00 – €1,000\.00/ }));
    await user.click(screen.getByRole('radio', { name: /^Orderable now/ }));

    await waitFor(() => {
      const last = searches(calls).at(-1)!.url.searchParams;
      expect(last.getAll('origin')).toEqual(['DE', 'IN']);
      expect(last.getAll('seller_id')).toEqual([OTHER]);
      expect(last.get('price_min')).toBe('10000');
      // The bucket's max is exclusive, price_max inclusive.
      expect(last.get('price_max')).toBe('99999');
      expect(last.get('available')).toBe('true');
      expect(last.get('q')).toBe('acid');
      expect(last.has('cursor')).toBe(false);
    });
    const url = currentLocation(screen.getByTestId).searchParams;
    expect(url.getAll('origin')).toEqual(['DE', 'IN']);
    expect(url.get('available')).toBe('true');

    // Unticking drops the value; the other stays.
    await user.click(screen.getByRole('checkbox', { name: /^Germany/ }));
    await waitFor(() => expect(searches(calls).at(-1)!.url.searchParams.getAll('origin')).toEqual(['IN']));

    // A changed currency drops the price filter (buckets are per currency).
    await user.selectOptions(screen.getByRole('combobox', { name: 'Currency' }), 'USD');
    await waitFor(() => {
      const last = searches(calls).at(-1)!.url.searchParams;
      expect(last.get('currency')).toBe('USD');
      expect(last.has('price_min')).toBe(false);
    });
  });

  it('load more appends the next page with the opaque cursor and the same filters', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server();
    renderApp('/search?origin=DE', { fetch, tokens: memoryTokens('t') });

    await screen.findByRole('link', { name: 'Glacial acetic acid' });
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    const pepper = await screen.findByRole('link', { name: 'Black pepper' });
    expect(screen.getByRole('link', { name: 'Glacial acetic acid' })).toBeInTheDocument();
    expect(within(pepper.closest('tr')!).getByText('no visible price')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();

    const second = searches(calls).at(-1)!.url.searchParams;
    expect(second.get('cursor')).toBe('c2');
    expect(second.getAll('origin')).toEqual(['DE']);
  });

  it('debounces the search box into q in the URL', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server();
    renderApp('/search', { fetch, tokens: memoryTokens('t') });
    await screen.findByRole('link', { name: 'Glacial acetic acid' });

    await user.type(screen.getByRole('searchbox', { name: 'Search the catalog' }), 'pepper');
    await waitFor(() => expect(currentLocation(screen.getByTestId).searchParams.get('q')).toBe('pepper'));
    await waitFor(() => expect(searches(calls).map((c) => c.url.searchParams.get('q'))).toEqual([null, 'pepper']));
  });

  it('shows an empty state', async () => {
    const { fetch } = server(() => json(result([], '', { facets: { ...result([]).facets, total: 0, seller: [], origin: [], hs_chapter: [], incoterm: [], price: [], available: { true: 0, false: 0 } } })));
    renderApp('/search?q=unobtainium', { fetch, tokens: memoryTokens('t') });
    expect(await screen.findByText(/No products match this search/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: '0 products' })).toBeInTheDocument();
  });

  it('shows a problem+json error such as a too-long query', async () => {
    const { fetch } = server((req) =>
      (req.url.searchParams.get('q') ?? '').length > 200
        ? problem(400, 'Invalid request', 'query parameters are invalid', { errors: [{ field: 'query.q', message: 'must be at most 200 characters' }], request_id: 'req-42' })
        : undefined,
    );
    renderApp(`/search?q=${'a'.repeat(201)}`, { fetch, tokens: memoryTokens('t') });

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Invalid request')).toBeInTheDocument();
    expect(within(alert).getByText('query parameters are invalid')).toBeInTheDocument();
    expect(within(alert).getByText('must be at most 200 characters')).toBeInTheDocument();
    expect(within(alert).getByText('Request id req-42')).toBeInTheDocument();
  });

  it('is linked from the buyer nav and from the catalog', async () => {
    const { fetch } = mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(buyerMe);
      if (req.path === '/api/v1/products') return json({ items: [], next_cursor: '' });
      return problem(404, 'Not found', 'no route');
    });
    renderApp('/products', { fetch, tokens: memoryTokens('t') });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: 'Catalog search' })).toHaveAttribute('href', '/search'));
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Catalog search' })).toHaveAttribute('href', '/search');
  });
});
