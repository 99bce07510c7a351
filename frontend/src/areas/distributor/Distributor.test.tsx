import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DistributorLink, Hub, Me, Organization, ServiceRegion } from '../../api/types';
import { json, memoryTokens, mockFetch, problem } from '../../test/http';
import { curatorMe, renderApp, sellerMe } from '../../test/render';

const DIST = '0190aaaa-0000-7000-8000-000000000401';
const SELLER = '0190aaaa-0000-7000-8000-000000000101';
const BUYER = '0190aaaa-0000-7000-8000-000000000201';

const distAdminMe: Me = {
  ...sellerMe,
  user: { id: '0190aaaa-0000-7000-8000-000000000006', email: 'distributor_admin@demo.example', name: 'Dina Dist' },
  tenant: { ...sellerMe.tenant, model: 'distributor_led' },
  organizations: [{ id: DIST, kind: 'distributor', legal_name: 'Rhein Logistics GmbH', role: 'distributor_admin' }],
  roles: ['distributor_admin'],
  permissions: ['distributor_hub:read', 'distributor_hub:create', 'distributor_hub:update', 'distributor_hub:delete', 'distributor_link:read'],
};
const distOpsMe: Me = {
  ...distAdminMe,
  organizations: [{ id: DIST, kind: 'distributor', legal_name: 'Rhein Logistics GmbH', role: 'distributor_ops' }],
  roles: ['distributor_ops'],
  permissions: ['distributor_hub:read', 'distributor_link:read'],
};

const hamburg: Hub = {
  id: '0190dddd-0000-7000-8000-000000000001',
  distributor_id: DIST,
  name: 'Hamburg cold store',
  address: { line1: 'Am Kaiserkai 1', city: 'Hamburg', postal_code: '20457', country: 'DE', unlocode: 'DEHAM' },
  unlocode: 'DEHAM',
  capabilities: ['cold_chain', 'pharma_gdp'],
  active: true,
  created_at: '2025-03-01T00:00:00Z',
  updated_at: '2025-03-01T00:00:00Z',
};
const dach: ServiceRegion = {
  id: '0190eeee-0000-7000-8000-000000000001',
  distributor_id: DIST,
  name: 'DACH',
  countries: ['DE', 'AT', 'CH'],
  hub_id: hamburg.id,
  created_at: '2025-03-01T00:00:00Z',
  updated_at: '2025-03-01T00:00:00Z',
};
const link: DistributorLink = {
  id: '0190ffff-0000-7000-8000-000000000001',
  distributor_id: DIST,
  distributor_name: 'Rhein Logistics GmbH',
  organization_id: SELLER,
  organization_name: 'Nordic Reagents AB',
  kind: 'seller',
  status: 'active',
  created_at: '2025-03-02T00:00:00Z',
  updated_at: '2025-03-02T00:00:00Z',
};

function org(id: string, kind: Organization['kind'], legal_name: string): Organization {
  return { id, kind, legal_name, country: 'DE', onboarding_status: 'approved', screening_status: 'clear', invited: false, created_at: '2025-01-01T00:00:00Z' };
}
const ORGS = [org(DIST, 'distributor', 'Rhein Logistics GmbH'), org(SELLER, 'seller', 'Nordic Reagents AB'), org(BUYER, 'buyer', 'Lyon Labs SAS')];

function server(me: Me) {
  return mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(me);
    if (req.path === `/api/v1/organizations/${DIST}/hubs` && req.method === 'GET') return json({ items: [hamburg], next_cursor: '' });
    if (req.path === `/api/v1/organizations/${DIST}/service-regions` && req.method === 'GET') return json({ items: [dach], next_cursor: '' });
    if (req.path === `/api/v1/organizations/${DIST}/hubs` && req.method === 'POST') {
      return problem(400, 'Invalid request', 'hub is invalid', {
        errors: [
          { field: '/address/unlocode', message: 'is required for a hub' },
          { field: '/capabilities/1', message: 'is not a known capability' },
        ],
      });
    }
    if (req.path === `/api/v1/organizations/${DIST}/service-regions` && req.method === 'POST') {
      return problem(400, 'Invalid request', 'service region is invalid', { errors: [{ field: '/countries/1', message: 'is not an ISO 3166-1 country' }] });
    }
    if (req.path === `/api/v1/hubs/${hamburg.id}` && req.method === 'DELETE') {
      return problem(409, 'Conflict', 'service regions are served from this hub');
    }
    if (req.path === '/api/v1/distributor-links' && req.method === 'GET') return json({ items: [link], next_cursor: '' });
    if (req.path === '/api/v1/distributor-links' && req.method === 'POST') return json({ ...link, id: 'new', organization_id: BUYER, organization_name: 'Lyon Labs SAS', kind: 'buyer' }, 201);
    if (req.path === `/api/v1/distributor-links/${link.id}/end`) return json({ ...link, status: 'ended' });
    if (req.path === '/api/v1/organizations') return json({ items: ORGS, next_cursor: '' });
    const o = ORGS.find((x) => req.path === `/api/v1/organizations/${x.id}`);
    if (o) return json(o);
    return problem(404, 'Not found', 'no route');
  });
}

describe('distributor hubs and service regions', () => {
  it('renders hubs and regions, and shows every hub field error at its input', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server(distAdminMe);
    renderApp('/distributor/hubs', { fetch, tokens: memoryTokens('t') });

    const row = (await screen.findAllByText('Hamburg cold store'))[0]!.closest('tr')!;
    expect(within(row).getByText('DEHAM')).toBeInTheDocument();
    expect(within(row).getByText('cold chain')).toBeInTheDocument();
    expect(within(row).getByText('pharma gdp')).toBeInTheDocument();
    const region = (await screen.findByText('DACH')).closest('tr')!;
    expect(within(region).getByText('DE, AT, CH')).toBeInTheDocument();
    expect(within(region).getByText('Hamburg cold store')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New hub' }));
    const form = screen.getByRole('form', { name: 'New hub' });
    await user.type(within(form).getByLabelText('Hub name'), 'Rotterdam');
    await user.type(within(form).getByLabelText('Country'), 'nl');
    await user.click(within(form).getByLabelText('Frozen −25 to −15 °C'));
    await user.click(within(form).getByLabelText('Dangerous goods'));
    await user.click(within(form).getByRole('button', { name: 'Add hub' }));

    const unlocode = within(form).getByLabelText('UN/LOCODE');
    await waitFor(() => expect(unlocode).toHaveAttribute('aria-invalid', 'true'));
    expect(unlocode).toHaveAccessibleDescription(/is required for a hub/);
    expect(unlocode).toHaveFocus();
    expect(within(form).getByRole('group', { name: 'Capabilities' })).toHaveAccessibleDescription('is not a known capability');
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      name: 'Rotterdam',
      address: { line1: '', city: '', country: 'NL' },
      capabilities: ['frozen', 'hazmat'],
      active: true,
    });
  });

  it('shows a region country error at the countries input, naming the code', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server(distAdminMe);
    renderApp('/distributor/hubs', { fetch, tokens: memoryTokens('t') });

    await user.click(await screen.findByRole('button', { name: 'New service region' }));
    const form = screen.getByRole('form', { name: 'New service region' });
    await user.type(within(form).getByLabelText('Region name'), 'Benelux');
    await user.type(within(form).getByLabelText('Countries'), 'nl, XX be');
    await user.selectOptions(within(form).getByLabelText('Served from'), hamburg.id);
    await user.click(within(form).getByRole('button', { name: 'Add region' }));

    const countries = within(form).getByLabelText('Countries');
    await waitFor(() => expect(countries).toHaveAttribute('aria-invalid', 'true'));
    expect(countries).toHaveAccessibleDescription(/XX: is not an ISO 3166-1 country/);
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ name: 'Benelux', countries: ['NL', 'XX', 'BE'], hub_id: hamburg.id });
  });

  it('shows the conflict when a hub still serves regions', async () => {
    const user = userEvent.setup();
    const { fetch } = server(distAdminMe);
    renderApp('/distributor/hubs', { fetch, tokens: memoryTokens('t') });
    const row = (await screen.findAllByText('Hamburg cold store'))[0]!.closest('tr')!;
    await user.click(within(row).getByRole('button', { name: 'Delete' }));
    await user.click(within(row).getByRole('button', { name: 'Delete Hamburg cold store' }));
    expect(await screen.findByText('service regions are served from this hub')).toBeInTheDocument();
  });

  it('hides the edit controls from distributor operations', async () => {
    const { fetch } = server(distOpsMe);
    renderApp('/distributor/hubs', { fetch, tokens: memoryTokens('t') });
    await screen.findAllByText('Hamburg cold store');
    await screen.findByText('DACH');
    expect(screen.queryByRole('button', { name: 'New hub' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New service region' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Edit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });

  it("lists the distributor's links read-only", async () => {
    const { fetch, calls } = server(distAdminMe);
    renderApp('/distributor/links', { fetch, tokens: memoryTokens('t') });
    expect(await screen.findByRole('link', { name: 'Nordic Reagents AB' })).toBeInTheDocument();
    const req = calls.find((c) => c.path === '/api/v1/distributor-links')!;
    expect(req.url.searchParams.get('distributor_id')).toBe(DIST);
    expect(req.url.searchParams.get('status')).toBe('active');
    expect(screen.queryByRole('button', { name: 'End' })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New distributor link' })).not.toBeInTheDocument();
  });
});

describe('operator distributor links', () => {
  it('marketplace admins link and end', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server({ ...curatorMe, permissions: ['distributor_link:read', 'distributor_link:create', 'distributor_link:update'] });
    renderApp('/operator/distributor-links', { fetch, tokens: memoryTokens('t') });

    const row = (await screen.findByRole('link', { name: 'Nordic Reagents AB' })).closest('tr')!;
    await waitFor(() => expect(within(row).getByRole('link', { name: 'Rhein Logistics GmbH' })).toBeInTheDocument());

    const form = screen.getByRole('form', { name: 'New distributor link' });
    await waitFor(() => expect(within(form).getByRole('option', { name: 'Lyon Labs SAS (buyer)' })).toBeInTheDocument());
    await user.selectOptions(within(form).getByLabelText('Distributor'), DIST);
    await user.selectOptions(within(form).getByLabelText('Serves (seller or buyer)'), BUYER);
    await user.click(within(form).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ distributor_id: DIST, organization_id: BUYER }));

    await user.click(within(row).getByRole('button', { name: 'End' }));
    await user.click(within(row).getByRole('button', { name: 'End link' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === `/api/v1/distributor-links/${link.id}/end`)).toBe(true));
  });

  it('other operator staff only read', async () => {
    const complianceMe: Me = {
      ...curatorMe,
      organizations: [{ ...curatorMe.organizations[0]!, role: 'compliance_officer' }],
      roles: ['compliance_officer'],
      permissions: ['distributor_link:read'],
    };
    const { fetch } = server(complianceMe);
    renderApp('/operator/distributor-links', { fetch, tokens: memoryTokens('t') });
    await screen.findByRole('link', { name: 'Nordic Reagents AB' });
    expect(screen.queryByRole('form', { name: 'New distributor link' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'End' })).not.toBeInTheDocument();
  });
});
