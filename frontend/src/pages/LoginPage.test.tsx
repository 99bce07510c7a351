import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, memoryTokens, mockFetch, problem } from '../test/http';
import { renderApp, sellerMe } from '../test/render';

async function fillAndSubmit(user: ReturnType<typeof userEvent.setup>, values = { email: 'seller_admin@demo-curated.example', password: 'wrong' }) {
  await user.click(screen.getByRole('button', { name: 'demo-curated' }));
  await user.type(screen.getByLabelText('Email'), values.email);
  await user.type(screen.getByLabelText('Password'), values.password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('shows the problem detail on 401 and stays on the login page', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = mockFetch(() => problem(401, 'Unauthorized', 'invalid email or password'));
    const tokens = memoryTokens();
    renderApp('/login', { fetch, tokens });

    await fillAndSubmit(user);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Unauthorized');
    expect(alert).toHaveTextContent('invalid email or password');
    expect(calls[0]!.body).toEqual({ tenant: 'demo-curated', email: 'seller_admin@demo-curated.example', password: 'wrong' });
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(tokens.value).toBeNull();
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('shows validation field errors next to their fields', async () => {
    const user = userEvent.setup();
    const { fetch } = mockFetch(() =>
      problem(400, 'Invalid request', 'some fields are invalid', {
        errors: [
          { field: '/email', message: 'must be a valid email address' },
          { field: 'tenant', message: 'unknown marketplace' },
          { field: 'captcha', message: 'required after failed attempts' },
        ],
      }),
    );
    renderApp('/login', { fetch, tokens: memoryTokens() });

    await fillAndSubmit(user, { email: 'not-an-email', password: 'x' });

    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('must be a valid email address');
    expect(screen.getByLabelText('Marketplace')).toHaveAccessibleDescription('unknown marketplace');
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('aria-invalid');
    // A field the form has no input for is still shown, in the banner.
    expect(screen.getByRole('alert')).toHaveTextContent('captcha: required after failed attempts');
  });

  it('shows the detail and Retry-After on 429 and holds the submit button', async () => {
    const user = userEvent.setup();
    const { fetch } = mockFetch(() =>
      problem(429, 'Too many requests', 'too many failed logins for this account', {}, { 'Retry-After': '30' }),
    );
    renderApp('/login', { fetch, tokens: memoryTokens() });

    await fillAndSubmit(user);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('too many failed logins for this account');
    expect(alert).toHaveTextContent('Retry after 30 seconds.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  });

  it('requires every field before calling the server', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = mockFetch(() => json({}));
    renderApp('/login', { fetch, tokens: memoryTokens() });

    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByLabelText('Marketplace')).toHaveAccessibleDescription('Enter the marketplace.');
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(calls).toHaveLength(0);
  });

  it('fills a demo user email from the role picker', async () => {
    const user = userEvent.setup();
    const { fetch } = mockFetch(() => json({}));
    renderApp('/login', { fetch, tokens: memoryTokens() });

    await user.click(screen.getByRole('button', { name: 'demo-portal' }));
    expect(screen.getByLabelText('Marketplace')).toHaveValue('demo-portal');
    await user.selectOptions(screen.getByLabelText('Demo user'), 'buyer_purchaser');

    expect(screen.getByLabelText('Email')).toHaveValue('buyer_purchaser@demo-portal.example');
  });

  it('signs in, stores the token and shows who you are', async () => {
    const user = userEvent.setup();
    const tokens = memoryTokens();
    const { fetch, calls } = mockFetch((req) => {
      if (req.path === '/api/v1/auth/login') return json({ access_token: 'mfs_ok', token_type: 'Bearer', expires_in: 3600 });
      if (req.path === '/api/v1/me') return json(sellerMe);
      if (req.path.startsWith('/api/v1/organizations/')) return json({ ...sellerMe.organizations[0], country: 'SE', onboarding_status: 'approved', screening_status: 'clear' });
      return problem(404, 'Not found', 'no route');
    });
    renderApp('/login', { fetch, tokens });

    await fillAndSubmit(user, { email: 'seller_admin@demo-curated.example', password: 'manifold-demo' });

    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
    expect(tokens.value).toBe('mfs_ok');
    expect(screen.getAllByText('seller_admin@demo-curated.example').length).toBeGreaterThan(0);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(nav).toHaveTextContent('Seller workspace');
    expect(nav).not.toHaveTextContent('Operator desk');
    const me = calls.find((c) => c.path === '/api/v1/me');
    expect(me?.headers.get('Authorization')).toBe('Bearer mfs_ok');
  });
});
