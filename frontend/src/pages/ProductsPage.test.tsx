import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, memoryTokens, mockFetch, problem } from '../test/http';
import { product, seller } from '../test/catalog';
import { buyerMe, catalogSellerMe, currentLocation, renderApp } from '../test/render';

const OTHER = '0190aaaa-0000-7000-8000-000000000102';

function catalog() {
  const acid = product({ name: 'Glacial acetic acid', sku: 'CHEM-ACA' });
  const citric = product({ name: 'Citric acid', sku: 'CHEM-CIT', seller_id: OTHER });
  const tea = product({ name: 'Triethanolamine', sku: 'CHEM-TEA', eu_classification: '1C350', us_classification: '1C350' });
  const mcu = product({ name: 'Microcontroller', sku: 'ELC-MCU', seller_id: OTHER, us_classification: '5A992.c' });
  return { acid, citric, tea, mcu, all: [acid, citric, tea, mcu] };
}

function server(me = buyerMe) {
  const c = catalog();
  return {
    ...c,
    ...mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(me);
      if (req.path === '/api/v1/products') {
        const q = (req.url.searchParams.get('q') ?? '').toLowerCase();
        const items = c.all.filter((p) => p.name.toLowerCase().includes(q));
        if (!q && !req.url.searchParams.get('cursor')) return json({ items: items.slice(0, 3), next_cursor: 'page2' });
        if (req.url.searchParams.get('cursor') === 'page2') return json({ items: items.slice(3), next_cursor: '' });
        return json({ items, next_cursor: '' });
      }
      const org = /^\/api\/v1\/organizations\/(.+)$/.exec(req.path);
      if (org) return json(seller(org[1]!, org[1] === OTHER ? 'Malabar Spice Traders' : 'Nordic Reagents AB'));
      return problem(404, 'Not found', 'no route');
    }),
  };
}

describe('catalog', () => {
  it('the search box updates the URL and the query once the user stops typing', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server();
    renderApp('/products', { fetch, tokens: memoryTokens('t') });

    expect(await screen.findByRole('link', { name: 'Glacial acetic acid' })).toBeInTheDocument();
    const box = screen.getByRole('searchbox', { name: 'Search products' });
    await user.type(box, 'citric');

    await waitFor(() => expect(currentLocation(screen.getByTestId).searchParams.get('q')).toBe('citric'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Glacial acetic acid' })).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Citric acid' })).toBeInTheDocument();

    // Debounced: one request for the finished word, none per keystroke.
    const queries = calls.filter((c) => c.path === '/api/v1/products').map((c) => c.url.searchParams.get('q'));
    expect(queries).toEqual([null, 'citric']);

    // Clearing the box drops q from the URL.
    await user.clear(box);
    await waitFor(() => expect(currentLocation(screen.getByTestId).searchParams.has('q')).toBe(false));
  });

  it('starts from q in the URL', async () => {
    const { fetch, calls } = server();
    renderApp('/products?q=acid', { fetch, tokens: memoryTokens('t') });

    expect(await screen.findByRole('link', { name: 'Citric acid' })).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search products' })).toHaveValue('acid');
    expect(calls.find((c) => c.path === '/api/v1/products')!.url.searchParams.get('q')).toBe('acid');
  });

  it('pages with the cursor, resolves each seller once and flags dual-use goods', async () => {
    const user = userEvent.setup();
    const { fetch, calls, tea, mcu } = server();
    renderApp('/products', { fetch, tokens: memoryTokens('t') });

    await screen.findByRole('link', { name: 'Glacial acetic acid' });
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'Microcontroller' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();

    await waitFor(() => expect(screen.getAllByRole('link', { name: 'Malabar Spice Traders' })).toHaveLength(2));
    const orgCalls = calls.filter((c) => c.path.startsWith('/api/v1/organizations/')).map((c) => c.path);
    expect(new Set(orgCalls).size).toBe(2);
    expect(orgCalls).toHaveLength(2);

    const teaRow = screen.getByRole('link', { name: tea.name }).closest('tr')!;
    expect(within(teaRow).getByText('Dual-use')).toBeInTheDocument();
    expect(within(teaRow).getByText('EU 1C350')).toBeInTheDocument();
    const mcuRow = screen.getByRole('link', { name: mcu.name }).closest('tr')!;
    expect(within(mcuRow).getByText('US 5A992.c')).toBeInTheDocument();
    const acidRow = screen.getByRole('link', { name: 'Glacial acetic acid' }).closest('tr')!;
    expect(within(acidRow).queryByText('Dual-use')).not.toBeInTheDocument();

    // Buyers see neither the status column nor its filter.
    expect(screen.queryByRole('combobox', { name: 'Status' })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Status' })).not.toBeInTheDocument();
  });

  it('lets sellers filter by curation status', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server(catalogSellerMe);
    renderApp('/products', { fetch, tokens: memoryTokens('t') });

    await screen.findByRole('link', { name: 'Glacial acetic acid' });
    expect(screen.getByRole('columnheader', { name: 'Status' })).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'changes_requested');

    await waitFor(() => expect(currentLocation(screen.getByTestId).searchParams.get('status')).toBe('changes_requested'));
    await waitFor(() =>
      expect(calls.some((c) => c.path === '/api/v1/products' && c.url.searchParams.get('status') === 'changes_requested')).toBe(true),
    );
  });
});
