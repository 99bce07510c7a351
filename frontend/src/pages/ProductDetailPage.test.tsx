import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types';
import { json, memoryTokens, mockFetch, problem } from '../test/http';
import { product, revision, seller } from '../test/catalog';
import { buyerMe, catalogSellerMe, renderApp } from '../test/render';

function setup(me: Me) {
  const p = product({
    sku: 'CHEM-ACA',
    name: 'Glacial acetic acid',
    curation_status: 'changes_requested',
    revision: 2,
    approved_revision: 1,
    net_weight_g: 25000,
    hazmat_un_number: 'UN2789',
    packaging: { type: '3H1', description: '25 kg canister', net_qty: '25', per_pallet: 24 },
    coa_spec: [
      { parameter: 'Assay', method: 'Titration', unit: '%', min: '99.8' },
      { parameter: 'Appearance', text: 'clear, colourless liquid' },
    ],
  });
  const mock = mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(me);
    if (req.path === `/api/v1/products/${p.id}`) return json(p);
    if (req.path === `/api/v1/products/${p.id}/revisions`) {
      return json({
        items: [
          revision({
            number: 2,
            status: 'changes_requested',
            changes: [{ field: '/name', before: 'Acetic acid', after: 'Glacial acetic acid' }],
            review_reason: 'Almost there.',
            comments: [{ field: '/hs_code', comment: 'Check the subheading.' }],
          }),
          revision({ number: 1, status: 'approved' }),
        ],
      });
    }
    if (req.path.startsWith('/api/v1/organizations/')) return json(seller(p.seller_id, 'Nordic Reagents AB'));
    return problem(404, 'Not found', 'no route');
  });
  renderApp(`/products/${p.id}`, { fetch: mock.fetch, tokens: memoryTokens('t') });
  return { p, ...mock };
}

describe('product detail', () => {
  it('shows the master data and CoA spec to buyers, without history or status', async () => {
    const { calls } = setup(buyerMe);
    expect(await screen.findByRole('heading', { name: 'Glacial acetic acid' })).toBeInTheDocument();
    expect(screen.getByText('2915.21')).toBeInTheDocument();
    expect(screen.getByText('UN2789')).toBeInTheDocument();
    const spec = screen.getByRole('heading', { name: /Certificate of analysis/ }).closest('section')!;
    expect(within(spec).getByText('≥ 99.8 %')).toBeInTheDocument();
    expect(within(spec).getByText('clear, colourless liquid')).toBeInTheDocument();
    expect(screen.queryByText('Revision history')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.path.endsWith('/revisions'))).toBe(false);
  });

  it('shows sellers the history with per-field changes and the review comments', async () => {
    setup(catalogSellerMe);
    expect(await screen.findByText('Revision history')).toBeInTheDocument();
    expect(await screen.findByText('Revision 2')).toBeInTheDocument();
    const change = screen.getAllByText('Name').map((el) => el.closest('tr')).find((tr) => tr?.textContent?.includes('Acetic acid'))!;
    expect(change).toHaveTextContent('Glacial acetic acid');
    expect(screen.getAllByText('Check the subheading.').length).toBeGreaterThan(0);
    expect(screen.getByRole('link', { name: 'Edit' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Submit for review' })).toBeInTheDocument();
    expect(screen.getByText(/Buyers see revision 1/)).toBeInTheDocument();
  });
});
