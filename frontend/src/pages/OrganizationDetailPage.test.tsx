import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me, Organization } from '../api/types';
import { json, memoryTokens, mockFetch, problem } from '../test/http';
import { buyerMe, officerMe, renderApp, SELLER_ORG, sellerMe } from '../test/render';

function org(overrides: Partial<Organization> = {}): Organization {
  return {
    id: SELLER_ORG,
    kind: 'seller',
    legal_name: 'Nordic Reagents AB',
    country: 'SE',
    onboarding_status: 'approved',
    screening_status: 'clear',
    invited: false,
    created_at: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

function show(me: Me, o: Organization) {
  const { fetch } = mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(me);
    if (req.path === `/api/v1/organizations/${o.id}`) return json(o);
    return problem(404, 'Not found', 'no route');
  });
  renderApp(`/organizations/${o.id}`, { fetch, tokens: memoryTokens('t') });
}

describe('organization detail: beneficial owners', () => {
  it('shows operator staff the owners with kind, country, birth date and share', async () => {
    show(
      officerMe,
      org({
        beneficial_owners: [
          { name: 'Astrid Lindqvist', kind: 'individual', country: 'SE', birth_date: '1971-03', share_pct: 60 },
          { name: 'Lindqvist Holding AB', kind: 'entity', country: 'NO', share_pct: 25 },
        ],
      }),
    );
    const panel = (await screen.findByRole('heading', { name: 'Beneficial owners' })).closest('section')!;
    const astrid = within(panel).getByText('Astrid Lindqvist').closest('tr')!;
    expect(astrid).toHaveTextContent('individual');
    expect(astrid).toHaveTextContent('SE (Sweden)');
    expect(astrid).toHaveTextContent('1971-03');
    expect(astrid).toHaveTextContent('60 %');
    const holding = within(panel).getByText('Lindqvist Holding AB').closest('tr')!;
    expect(holding).toHaveTextContent('entity');
    expect(holding).toHaveTextContent('NO (Norway)');
    expect(within(panel).getByText('Together').closest('tr')).toHaveTextContent('85 %');
  });

  it('tells a member that none are declared', async () => {
    show(sellerMe, org());
    const panel = (await screen.findByRole('heading', { name: 'Beneficial owners' })).closest('section')!;
    expect(within(panel).getByText('None declared.')).toBeInTheDocument();
  });

  it('says nothing about owners to an outsider, who is not sent them', async () => {
    show(buyerMe, org());
    await screen.findByRole('heading', { name: 'Nordic Reagents AB' });
    expect(screen.queryByRole('heading', { name: 'Beneficial owners' })).not.toBeInTheDocument();
  });
});
