import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { ApiClient, type TokenStore } from '../api/client';
import type { Me } from '../api/types';
import { AppProviders, AppRoutes, createQueryClient } from '../App';

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
    </MemoryRouter>,
  );
  return { ...utils, client, queryClient };
}

export const sellerMe: Me = {
  user: { id: '0190aaaa-0000-7000-8000-000000000001', email: 'seller_admin@demo-curated.example', name: 'Sam Seller' },
  tenant: { id: '0190aaaa-0000-7000-8000-0000000000aa', slug: 'demo-curated', name: 'Demo Curated', model: 'curated', default_currency: 'EUR', commission_bps: 800, compliance_level: 'standard', created_at: '2025-01-01T00:00:00Z' },
  organizations: [
    { id: '0190aaaa-0000-7000-8000-000000000101', kind: 'seller', legal_name: 'Nordic Reagents AB', role: 'seller_admin' },
  ],
  roles: ['seller_admin'],
};
