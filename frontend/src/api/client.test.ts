import { describe, expect, it, vi } from 'vitest';
import { json, memoryTokens, mockFetch, problem } from '../test/http';
import { ApiClient, ApiError, parseRetryAfter } from './client';

describe('ApiClient', () => {
  it('sends the stored token as a bearer header on every call', async () => {
    const { fetch, calls } = mockFetch(() => json({ items: [], next_cursor: '' }));
    const api = new ApiClient({ fetch, tokens: memoryTokens('mfs_secret') });

    await api.me();
    await api.listOrganizations();

    expect(calls).toHaveLength(2);
    for (const c of calls) expect(c.headers.get('Authorization')).toBe('Bearer mfs_secret');
    expect(calls[0]!.path).toBe('/api/v1/me');
  });

  it('sends no Authorization header without a token', async () => {
    const { fetch, calls } = mockFetch(() => json({}));
    const api = new ApiClient({ fetch, tokens: memoryTokens() });
    await api.me();
    expect(calls[0]!.headers.has('Authorization')).toBe(false);
  });

  it('logs in with a JSON body and no bearer, then stores the access token', async () => {
    const tokens = memoryTokens('mfs_stale');
    const { fetch, calls } = mockFetch(() => json({ access_token: 'mfs_new', token_type: 'Bearer', expires_in: 3600 }));
    const api = new ApiClient({ fetch, tokens });

    const tok = await api.login({ tenant: 'demo-curated', email: 'a@b.example', password: 'pw' });

    expect(tok.expires_in).toBe(3600);
    expect(tokens.value).toBe('mfs_new');
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/api/v1/auth/login');
    expect(calls[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(calls[0]!.headers.has('Authorization')).toBe(false);
    expect(calls[0]!.body).toEqual({ tenant: 'demo-curated', email: 'a@b.example', password: 'pw' });
  });

  it('on 401 from an authenticated call clears the token, notifies and throws the problem', async () => {
    const tokens = memoryTokens('mfs_expired');
    const { fetch } = mockFetch(() => problem(401, 'Unauthorized', 'session expired'));
    const api = new ApiClient({ fetch, tokens });
    const listener = vi.fn();
    api.onUnauthorized(listener);

    const err = await api.me().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).problem.detail).toBe('session expired');
    expect(tokens.value).toBeNull();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('treats a 401 from login as a form error, not a session expiry', async () => {
    const tokens = memoryTokens();
    const { fetch } = mockFetch(() => problem(401, 'Unauthorized', 'invalid email or password'));
    const api = new ApiClient({ fetch, tokens });
    const listener = vi.fn();
    api.onUnauthorized(listener);

    await expect(api.login({ tenant: 't', email: 'e', password: 'p' })).rejects.toMatchObject({
      status: 401,
      message: 'invalid email or password',
    });
    expect(listener).not.toHaveBeenCalled();
  });

  it('reads Retry-After on 429', async () => {
    const { fetch } = mockFetch(() => problem(429, 'Too many requests', 'too many login attempts', {}, { 'Retry-After': '42' }));
    const api = new ApiClient({ fetch, tokens: memoryTokens() });
    const err = (await api.login({ tenant: 't', email: 'e', password: 'p' }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(429);
    expect(err.retryAfterSeconds).toBe(42);
  });

  it('exposes validation field errors keyed by plain field name', async () => {
    const { fetch } = mockFetch(() =>
      problem(400, 'Invalid request', 'check the fields', {
        errors: [
          { field: '/email', message: 'must be an email address' },
          { field: 'tenant', message: 'unknown marketplace' },
        ],
      }),
    );
    const api = new ApiClient({ fetch, tokens: memoryTokens() });
    const err = (await api.login({ tenant: 't', email: 'e', password: 'p' }).catch((e: unknown) => e)) as ApiError;
    expect(err.fieldErrors()).toEqual({ email: 'must be an email address', tenant: 'unknown marketplace' });
  });

  it('synthesizes a problem from a non-JSON error body', async () => {
    const { fetch } = mockFetch(
      () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }),
    );
    const api = new ApiClient({ fetch, tokens: memoryTokens('t') });
    await expect(api.me()).rejects.toMatchObject({ status: 502, problem: { title: 'Bad Gateway', status: 502 } });
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const api = new ApiClient({ fetch, tokens: memoryTokens('t') });
    await expect(api.me()).rejects.toMatchObject({ status: 0, problem: { title: 'Network error' } });
  });

  it('pages organizations with cursor and limit, omitting an empty cursor', async () => {
    const { fetch, calls } = mockFetch(() => json({ items: [], next_cursor: null }));
    const api = new ApiClient({ fetch, tokens: memoryTokens('t') });

    await api.listOrganizations({ limit: 25 });
    await api.listOrganizations({ cursor: 'abc==', limit: 25 });

    expect(calls[0]!.url.search).toBe('?limit=25');
    expect(calls[1]!.url.searchParams.get('cursor')).toBe('abc==');
    expect(calls[1]!.url.searchParams.get('limit')).toBe('25');
  });

  it('filters organizations by kind', async () => {
    const { fetch, calls } = mockFetch(() => json({ items: [], next_cursor: '' }));
    const api = new ApiClient({ fetch, tokens: memoryTokens('t') });
    await api.listOrganizations({ kind: 'seller' });
    expect(calls[0]!.url.searchParams.get('kind')).toBe('seller');
  });

  it('logout revokes the session and forgets the token even when the call fails', async () => {
    const tokens = memoryTokens('mfs_x');
    const { fetch, calls } = mockFetch(() => problem(500, 'Internal error', 'internal error'));
    const api = new ApiClient({ fetch, tokens });

    await api.logout();

    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/api/v1/auth/logout');
    expect(calls[0]!.headers.get('Authorization')).toBe('Bearer mfs_x');
    expect(tokens.value).toBeNull();
  });
});

describe('ApiClient catalog', () => {
  it('lists products with q, status, seller and cursor, dropping blanks', async () => {
    const { fetch, calls } = mockFetch(() => json({ items: [], next_cursor: '' }));
    const api = new ApiClient({ fetch, tokens: memoryTokens('t') });

    await api.listProducts({ q: '  acid ', status: 'submitted', seller_id: 's1', cursor: 'c', limit: 50 });
    await api.listProducts({ q: '   ', cursor: '' });

    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({ q: 'acid', status: 'submitted', seller_id: 's1', cursor: 'c', limit: '50' });
    expect(calls[1]!.url.search).toBe('');
  });

  it('sends writes to their endpoints', async () => {
    const { fetch, calls } = mockFetch(() => json({}));
    const api = new ApiClient({ fetch, tokens: memoryTokens('t') });
    const data = { name: 'n', hs_code: '291521', country_of_origin: 'DE', unit: 'KGM' };

    await api.createProduct({ sku: 'S', ...data });
    await api.updateProduct('p/1', data);
    await api.submitProduct('p1');
    await api.curateProduct('p1', { decision: 'reject', reason: 'r' });
    await api.listProductRevisions('p1');
    await api.listCurationQueue({ limit: 10 });

    expect(calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      'POST /api/v1/products',
      'PUT /api/v1/products/p%2F1',
      'POST /api/v1/products/p1/submit',
      'POST /api/v1/products/p1/curation',
      'GET /api/v1/products/p1/revisions',
      'GET /api/v1/curation/queue?limit=10',
    ]);
    expect(calls[1]!.body).toEqual(data);
    expect(calls[3]!.body).toEqual({ decision: 'reject', reason: 'r' });
  });

  it('keys field errors by JSON pointer and keeps every message', async () => {
    const { fetch } = mockFetch(() =>
      problem(400, 'Invalid request', 'product is invalid', {
        errors: [
          { field: '/coa_spec/1/max', message: 'must be a decimal number' },
          { field: '/coa_spec/1/max', message: 'must not be below min' },
          { field: 'sku', message: 'is required' },
          { field: 'query.q', message: 'at most 200 characters' },
        ],
      }),
    );
    const api = new ApiClient({ fetch, tokens: memoryTokens('t') });
    const err = (await api.createProduct({ sku: '', name: '', hs_code: '', country_of_origin: '', unit: '' }).catch((e: unknown) => e)) as ApiError;
    expect(err.fieldErrorsByPointer()).toEqual({
      '/coa_spec/1/max': ['must be a decimal number', 'must not be below min'],
      '/sku': ['is required'],
      'query.q': ['at most 200 characters'],
    });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120],
    [' 7 ', 7],
    [null, undefined],
    ['soon', undefined],
  ])('parses %j', (input, want) => {
    expect(parseRetryAfter(input)).toBe(want);
  });

  it('parses an HTTP-date relative to now', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:30 GMT', now)).toBe(90);
  });
});

describe('sessionTokenStore', () => {
  it('keeps the token in sessionStorage', async () => {
    const { sessionTokenStore } = await import('./client');
    sessionTokenStore.set('abc');
    expect(sessionStorage.getItem('manifold.access_token')).toBe('abc');
    sessionTokenStore.clear();
    expect(sessionTokenStore.get()).toBeNull();
  });
});
