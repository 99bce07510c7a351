import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Me, Organization } from './api/types';
import { json, memoryTokens, mockFetch, problem } from './test/http';
import { renderApp, sellerMe } from './test/render';

const operatorMe: Me = {
  ...sellerMe,
  user: { id: 'u-op', email: 'marketplace_admin@demo-curated.example', name: '' },
  organizations: [{ id: 'org-op', kind: 'operator', legal_name: 'Demo Curated Operator', role: 'marketplace_admin' }],
  roles: ['marketplace_admin'],
};

function org(n: number): Organization {
  return { id: `org-${n}`, kind: 'seller', legal_name: `Seller ${n} GmbH`, country: 'DE', onboarding_status: 'approved', screening_status: 'clear', invited: false, created_at: '2025-01-02T00:00:00Z' };
}

describe('App', () => {
  it('sends you to login when the session is refused', async () => {
    const tokens = memoryTokens('mfs_revoked');
    const { fetch } = mockFetch(() => problem(401, 'Unauthorized', 'session expired'));
    renderApp('/organizations', { fetch, tokens });

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended');
    expect(tokens.value).toBeNull();
  });

  it('redirects to login without a token, without calling the API', () => {
    const { fetch, calls } = mockFetch(() => json(sellerMe));
    renderApp('/', { fetch, tokens: memoryTokens() });
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('lists organizations and loads the next page with the cursor', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(operatorMe);
      if (req.path === '/api/v1/organizations') {
        return req.url.searchParams.get('cursor') === 'c2'
          ? json({ items: [org(3)], next_cursor: '' })
          : json({ items: [org(1), org(2)], next_cursor: 'c2' });
      }
      return problem(404, 'Not found', 'no route');
    });
    renderApp('/organizations', { fetch, tokens: memoryTokens('mfs_ok') });

    expect(await screen.findByRole('link', { name: 'Seller 1 GmbH' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('link', { name: 'Seller 3 GmbH' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Seller 1 GmbH' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const listCalls = calls.filter((c) => c.path === '/api/v1/organizations');
    expect(listCalls.map((c) => c.url.searchParams.get('cursor'))).toEqual([null, 'c2']);
    expect(listCalls.every((c) => c.headers.get('Authorization') === 'Bearer mfs_ok')).toBe(true);
  });

  it('shows the operator area only to operator roles', async () => {
    const { fetch } = mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(operatorMe);
      if (req.path === '/api/v1/organizations') return json({ items: [org(1)], next_cursor: null });
      return problem(404, 'Not found', 'no route');
    });
    renderApp('/operator', { fetch, tokens: memoryTokens('mfs_ok') });

    expect(await screen.findByRole('heading', { name: 'Operator desk' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Operator desk' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Seller workspace' })).not.toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Seller 1 GmbH' })).toBeInTheDocument();
  });

  it('signs out: revokes the session and returns to login', async () => {
    const user = userEvent.setup();
    const tokens = memoryTokens('mfs_ok');
    const { fetch, calls } = mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(sellerMe);
      if (req.path === '/api/v1/auth/logout') return new Response(null, { status: 204 });
      return json({ ...sellerMe.organizations[0], onboarding_status: 'submitted', screening_status: 'pending' });
    });
    renderApp('/', { fetch, tokens });

    await screen.findByRole('heading', { name: 'Overview' });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/auth/logout' && c.method === 'POST')).toBe(true));
    expect(tokens.value).toBeNull();
  });

  it('after signing out, the next person starts at home, not on the previous page', async () => {
    const user = userEvent.setup();
    const tokens = memoryTokens('mfs_ok');
    const { fetch } = mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(operatorMe);
      if (req.path === '/api/v1/auth/logout') return new Response(null, { status: 204 });
      if (req.path === '/api/v1/auth/login') return json({ access_token: 'mfs_next', token_type: 'Bearer', expires_in: 3600 });
      if (req.path === '/api/v1/organizations') return json({ items: [org(1)], next_cursor: '' });
      return json({ ...sellerMe.organizations[0], onboarding_status: 'approved', screening_status: 'clear' });
    });
    renderApp('/organizations', { fetch, tokens });

    expect(await screen.findByRole('link', { name: 'Seller 1 GmbH' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Sign in' });

    await user.clear(screen.getByLabelText('Marketplace'));
    await user.type(screen.getByLabelText('Marketplace'), 'demo-curated');
    await user.type(screen.getByLabelText('Email'), 'buyer_admin@demo-curated.example');
    await user.type(screen.getByLabelText('Password'), 'manifold-demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
  });
});
