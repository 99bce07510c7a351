import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Consignee, Me } from '../../api/types';
import { json, memoryTokens, mockFetch, problem } from '../../test/http';
import { buyerMe, currentLocation, renderApp } from '../../test/render';

const BUYER = '0190aaaa-0000-7000-8000-000000000201';

const buyerAdminMe: Me = {
  ...buyerMe,
  user: { id: '0190aaaa-0000-7000-8000-000000000005', email: 'buyer_admin@demo-curated.example', name: 'Ada Admin' },
  organizations: [{ id: BUYER, kind: 'buyer', legal_name: 'Lyon Labs SAS', role: 'buyer_admin' }],
  roles: ['buyer_admin'],
  permissions: ['consignee:read', 'consignee:create', 'consignee:update', 'consignee:delete', 'product:read'],
};

function consignee(n: number, overrides: Partial<Consignee> = {}): Consignee {
  return {
    id: `0190cccc-0000-7000-8000-${String(n).padStart(12, '0')}`,
    organization_id: BUYER,
    name: `Consignee ${n}`,
    address: { line1: 'Waalhaven 1', city: 'Rotterdam', postal_code: '3089', country: 'NL', unlocode: 'NLRTM' },
    contact: { name: 'Piet', email: 'piet@example.nl' },
    end_user: {
      is_consignee: true,
      name: `Consignee ${n}`,
      country: 'NL',
      address: { line1: 'Waalhaven 1', city: 'Rotterdam', country: 'NL' },
      end_use: 'Buffer preparation for HPLC',
      industry: 'pharmaceuticals',
      screening_status: 'clear',
    },
    status: 'active',
    screening_status: 'clear',
    created_at: '2025-03-01T00:00:00Z',
    updated_at: '2025-03-01T00:00:00Z',
    ...overrides,
  };
}

const lab = consignee(1, { name: 'Rotterdam Lab BV' });
const clinic = consignee(2, {
  name: 'Casablanca Clinic',
  address: { line1: 'Bd Zerktouni 12', city: 'Casablanca', country: 'MA' },
  end_user: {
    is_consignee: false,
    name: 'Institut Pasteur du Maroc',
    country: 'MA',
    address: { line1: 'Place Louis Pasteur 1', city: 'Casablanca', country: 'MA' },
    end_use: 'Vaccine research',
    industry: 'research_and_education',
    screening_status: 'potential_match',
  },
  screening_status: 'pending',
});
const old = consignee(3, { name: 'Old Warehouse', status: 'archived' });

function server(me: Me) {
  return mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(me);
    if (req.path === `/api/v1/organizations/${BUYER}/consignees` && req.method === 'GET') {
      const status = req.url.searchParams.get('status');
      if (status === 'archived') return json({ items: [old], next_cursor: '' });
      if (req.url.searchParams.get('cursor') === 'p2') return json({ items: [clinic], next_cursor: '' });
      return json({ items: [lab], next_cursor: 'p2' });
    }
    if (req.path === `/api/v1/organizations/${BUYER}/consignees` && req.method === 'POST') {
      return problem(400, 'Invalid request', 'consignee is invalid', {
        errors: [
          { field: '/name', message: 'is required' },
          { field: '/address/unlocode', message: 'DEHAM is not in NL' },
          { field: '/end_user/address/country', message: 'is not an ISO 3166-1 country' },
          { field: '/end_user/industry', message: 'must be one of chemicals, pharmaceuticals' },
          { field: '/contact/email', message: 'is not an email address' },
          { field: '/mystery', message: 'is unexpected' },
        ],
      });
    }
    if (req.path.startsWith('/api/v1/consignees/') && req.method === 'PUT') return json({ ...lab, status: 'archived' });
    if (req.path.startsWith('/api/v1/consignees/') && req.method === 'DELETE') return new Response(null, { status: 204 });
    if (req.path === `/api/v1/consignees/${lab.id}`) return json(lab);
    return problem(404, 'Not found', 'no route');
  });
}

describe('consignees', () => {
  it('lists consignees with end users and screening, pages with the cursor, and filters by status', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server(buyerAdminMe);
    renderApp('/buyer/consignees', { fetch, tokens: memoryTokens('t') });

    const row = (await screen.findByText('Rotterdam Lab BV')).closest('tr')!;
    expect(within(row).getByText('Rotterdam, NL')).toBeInTheDocument();
    expect(within(row).getByText('the consignee')).toBeInTheDocument();
    expect(calls.find((c) => c.path.endsWith('/consignees'))!.url.searchParams.get('status')).toBe('active');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    const clinicRow = (await screen.findByText('Casablanca Clinic')).closest('tr')!;
    expect(within(clinicRow).getByText('Institut Pasteur du Maroc')).toBeInTheDocument();
    expect(within(clinicRow).getByText('potential match')).toBeInTheDocument();
    expect(screen.getByText('Rotterdam Lab BV')).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'archived');
    expect(await screen.findByText('Old Warehouse')).toBeInTheDocument();
    expect(currentLocation(screen.getByTestId).searchParams.get('status')).toBe('archived');
    expect(calls.at(-1)!.url.searchParams.get('status')).toBe('archived');
    expect(within(screen.getByText('Old Warehouse').closest('tr')!).getByRole('button', { name: 'Restore Old Warehouse' })).toBeInTheDocument();
  });

  it('hides the edit controls from buyers who are not admins', async () => {
    const { fetch } = server({ ...buyerMe, permissions: ['consignee:read', 'product:read'] });
    renderApp('/buyer/consignees', { fetch, tokens: memoryTokens('t') });

    await screen.findByText('Rotterdam Lab BV');
    expect(screen.queryByRole('link', { name: 'New consignee' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^Edit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Archive/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });

  it('hides them too when the policy takes consignee:update away from the admin', async () => {
    const { fetch } = server({ ...buyerAdminMe, permissions: ['consignee:read'] });
    renderApp('/buyer/consignees', { fetch, tokens: memoryTokens('t') });
    await screen.findByText('Rotterdam Lab BV');
    expect(screen.queryByRole('link', { name: 'New consignee' })).not.toBeInTheDocument();
  });

  it('shows every API field error at its input, the end user address included', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server(buyerAdminMe);
    renderApp('/buyer/consignees/new', { fetch, tokens: memoryTokens('t') });

    await screen.findByRole('heading', { name: 'New consignee' });
    await user.click(screen.getByLabelText('Address line 1'));
    await user.paste('Waalhaven 1');
    await user.click(screen.getByLabelText('City'));
    await user.paste('Rotterdam');
    await user.click(screen.getByLabelText('Country'));
    await user.paste('nl');
    await user.click(screen.getByLabelText('UN/LOCODE'));
    await user.paste('DE HAM');
    await user.click(screen.getByRole('radio', { name: 'Another party' }));
    await user.click(screen.getByLabelText('End user name'));
    await user.paste('Institut Pasteur');
    await user.click(screen.getByLabelText('End user country'));
    await user.paste('XX');
    await user.click(screen.getByRole('button', { name: 'Add consignee' }));

    const country = screen.getByLabelText('End user country');
    await waitFor(() => expect(country).toHaveAttribute('aria-invalid', 'true'));
    expect(country).toHaveAccessibleDescription(/is not an ISO 3166-1 country/);
    expect(screen.getByLabelText('Country')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByLabelText('UN/LOCODE')).toHaveAccessibleDescription(/DEHAM is not in NL/);
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('is required');
    expect(screen.getByLabelText('Industry')).toHaveAccessibleDescription(/must be one of/);
    expect(screen.getByLabelText('Contact email')).toHaveAttribute('aria-invalid', 'true');
    // The first refused input has the focus; a pointer without an input is in the banner.
    expect(screen.getByLabelText('Name')).toHaveFocus();
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('/mystery')).toBeInTheDocument();
    expect(within(alert).getByText('6 problems to fix; each is shown at its field.')).toBeInTheDocument();

    const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect(body).toEqual({
      name: '',
      address: { line1: 'Waalhaven 1', city: 'Rotterdam', country: 'NL', unlocode: 'DEHAM' },
      end_user: { is_consignee: false, name: 'Institut Pasteur', address: { line1: '', city: '', country: 'XX' }, end_use: '', industry: '' },
      status: 'active',
    });

    // Editing a field clears its error.
    await user.type(screen.getByLabelText('End user country'), 'M');
    expect(screen.getByLabelText('End user country')).not.toHaveAttribute('aria-invalid');
  });

  it('archives with a PUT of the whole consignee and deletes after a confirmation', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server(buyerAdminMe);
    renderApp('/buyer/consignees', { fetch, tokens: memoryTokens('t') });

    await user.click(await screen.findByRole('button', { name: 'Archive Rotterdam Lab BV' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/api/v1/consignees/${lab.id}`);
    expect(put.body).toMatchObject({
      name: 'Rotterdam Lab BV',
      status: 'archived',
      address: { unlocode: 'NLRTM', country: 'NL' },
      contact: { name: 'Piet', email: 'piet@example.nl' },
      end_user: { is_consignee: true, industry: 'pharmaceuticals', end_use: 'Buffer preparation for HPLC' },
    });
    expect((put.body as { end_user: object }).end_user).not.toHaveProperty('address');

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Delete Rotterdam Lab BV' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.path === `/api/v1/consignees/${lab.id}`)).toBe(true));
  });

  it('edits an existing consignee from its data', async () => {
    const { fetch } = server(buyerAdminMe);
    renderApp(`/buyer/consignees/${lab.id}/edit`, { fetch, tokens: memoryTokens('t') });
    expect(await screen.findByLabelText('Name')).toHaveValue('Rotterdam Lab BV');
    expect(screen.getByLabelText('UN/LOCODE')).toHaveValue('NLRTM');
    expect(screen.getByLabelText('Industry')).toHaveValue('pharmaceuticals');
    expect(screen.getByRole('radio', { name: 'The consignee itself' })).toBeChecked();
  });
});
