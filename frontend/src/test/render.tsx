import { render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { ApiClient, type TokenStore } from '../api/client';
import type { Me } from '../api/types';
import { AppProviders, AppRoutes, createQueryClient } from '../App';

export const SELLER_ORG = '0190aaaa-0000-7000-8000-000000000101';

/** Renders the whole app at `path` against a scripted fetch. */
export function renderApp(path: string, opts: { fetch: typeof fetch; tokens: TokenStore }) {
  const client = new ApiClient({ fetch: opts.fetch, tokens: opts.tokens });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, refetchOnWindowFocus: false } });
  const utils = render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders client={client} queryClient={queryClient}>
        <AppRoutes />
      </AppProviders>
      <LocationProbe />
    </MemoryRouter>,
  );
  return { ...utils, client, queryClient };
}

/** The router's current path and query, for assertions: `screen.getByTestId('location')`. */
function LocationProbe() {
  const { pathname, search } = useLocation();
  return (
    <div data-testid="location" hidden>
      {pathname + search}
    </div>
  );
}

/** The current router location as a URL (after renderApp). */
export function currentLocation(getByTestId: (id: string) => HTMLElement): URL {
  return new URL(getByTestId('location').textContent ?? '/', 'http://localhost');
}

export const sellerMe: Me = {
  user: { id: '0190aaaa-0000-7000-8000-000000000001', email: 'seller_admin@demo-curated.example', name: 'Sam Seller' },
  tenant: { id: '0190aaaa-0000-7000-8000-0000000000aa', slug: 'demo-curated', name: 'Demo Curated', model: 'curated', default_currency: 'EUR', commission_bps: 800, compliance_level: 'standard', created_at: '2025-01-01T00:00:00Z' },
  organizations: [
    { id: '0190aaaa-0000-7000-8000-000000000101', kind: 'seller', legal_name: 'Nordic Reagents AB', role: 'seller_admin' },
  ],
  roles: ['seller_admin'],
};

export const catalogSellerMe: Me = {
  ...sellerMe,
  user: { id: '0190aaaa-0000-7000-8000-000000000002', email: 'seller_catalog@demo-curated.example', name: 'Cat Alog' },
  organizations: [{ id: SELLER_ORG, kind: 'seller', legal_name: 'Nordic Reagents AB', role: 'seller_catalog' }],
  roles: ['seller_catalog'],
};

export const buyerMe: Me = {
  ...sellerMe,
  user: { id: '0190aaaa-0000-7000-8000-000000000003', email: 'buyer_purchaser@demo-curated.example', name: 'Bea Buyer' },
  organizations: [{ id: '0190aaaa-0000-7000-8000-000000000201', kind: 'buyer', legal_name: 'Lyon Labs SAS', role: 'buyer_purchaser' }],
  roles: ['buyer_purchaser'],
};

export const curatorMe: Me = {
  ...sellerMe,
  user: { id: '0190aaaa-0000-7000-8000-000000000004', email: 'marketplace_admin@demo-curated.example', name: 'Mara Admin' },
  organizations: [{ id: '0190aaaa-0000-7000-8000-000000000301', kind: 'operator', legal_name: 'Demo Curated Operator', role: 'marketplace_admin' }],
  roles: ['marketplace_admin'],
};

export const officerMe: Me = {
  ...curatorMe,
  user: { id: '0190aaaa-0000-7000-8000-000000000006', email: 'compliance_officer@demo-curated.example', name: 'Cora Officer' },
  organizations: [{ id: '0190aaaa-0000-7000-8000-000000000301', kind: 'operator', legal_name: 'Demo Curated Operator', role: 'compliance_officer' }],
  roles: ['compliance_officer'],
  permissions: ['compliance_check:read', 'compliance_check:review', 'screening:create', 'organization:read', 'consignee:read', 'product:read'],
};
