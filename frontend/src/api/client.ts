// A small typed fetch client for /api/v1. It owns the bearer token, turns every non-2xx
// answer into an ApiError carrying the RFC 7807 problem, and tells subscribers when an
// authenticated call comes back 401 so the app can send the user to the login page.

import type {
  CatalogSearchParams,
  ComplianceCheck,
  ComplianceCheckListParams,
  ComplianceCheckPage,
  ComplianceReview,
  Consignee,
  ConsigneeInput,
  ConsigneeListParams,
  ConsigneePage,
  CurationDecision,
  DistributorLink,
  DistributorLinkInput,
  DistributorLinkListParams,
  DistributorLinkPage,
  Hub,
  HubInput,
  HubPage,
  OnboardingDocument,
  OnboardingDocumentPage,
  OnboardingDocumentUpload,
  OnboardingOverview,
  OrganizationUpdate,
  SearchResult,
  ServiceRegion,
  ServiceRegionInput,
  ServiceRegionPage,
  LoginRequest,
  Me,
  Organization,
  OrganizationListParams,
  Page,
  Problem,
  Product,
  ProductCreate,
  ProductData,
  ProductListParams,
  ProductPage,
  ProductRevisionList,
  ScreeningRequest,
  ScreeningResponse,
  TokenResponse,
} from './types';

export const API_BASE = '/api/v1';

type PageParamsLike = { cursor?: string; limit?: number };

/** Where the access token lives. sessionStorage: one tab, gone when the tab closes. */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

const TOKEN_KEY = 'manifold.access_token';

export const sessionTokenStore: TokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A failed call: the HTTP status, the problem document and, for 429, the wait in seconds. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: Problem, retryAfterSeconds?: number) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Field errors keyed by plain field name ("/email" and "email" both become "email"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const fe of this.problem.errors ?? []) {
      const key = normalizeField(fe.field);
      out[key] = out[key] ? `${out[key]}; ${fe.message}` : fe.message;
    }
    return out;
  }

  /**
   * Field errors keyed by JSON pointer ("/coa_spec/1/max"), every message kept. A plain
   * field name ("sku") becomes "/sku"; "query.q" stays as it is.
   */
  fieldErrorsByPointer(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const fe of this.problem.errors ?? []) {
      const key = fe.field.startsWith('/') || fe.field.includes('.') ? fe.field : `/${fe.field}`;
      (out[key] ??= []).push(fe.message);
    }
    return out;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

function normalizeField(field: string): string {
  return field.replace(/^\/+/, '').replace(/\//g, '.');
}

/** Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export interface RequestOptions {
  method?: string;
  /** JSON-encoded, except FormData, which goes as multipart with the browser's boundary. */
  body?: unknown;
  /** An array is sent as repeated parameters (OpenAPI form style, explode). */
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  /** Send the bearer token (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  baseUrl?: string;
  tokens?: TokenStore;
  fetch?: typeof fetch;
}

export type UnauthorizedListener = () => void;

export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly listeners = new Set<UnauthorizedListener>();
  readonly tokens: TokenStore;

  constructor(opts: ApiClientOptions = {}) {
    this.baseUrl = opts.baseUrl ?? API_BASE;
    this.tokens = opts.tokens ?? sessionTokenStore;
    // Bound late so tests that stub globalThis.fetch after construction still work.
    this.fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Subscribe to "an authenticated call was refused": the token is already cleared. */
  onUnauthorized(listener: UnauthorizedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isAuthenticated(): boolean {
    return this.tokens.get() !== null;
  }

  async request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const { method = 'GET', body, query, auth = true, signal } = opts;
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    const multipart = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
    const token = auth ? this.tokens.get() : null;
    if (token) headers['Authorization'] = `Bearer ${token}`;

    let res: Response;
    try {
      res = await this.fetchImpl(this.url(path, query), {
        method,
        headers,
        body: body === undefined ? undefined : multipart ? (body as FormData) : JSON.stringify(body),
        signal,
        credentials: 'same-origin',
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError({
        type: 'about:blank',
        title: 'Network error',
        status: 0,
        detail: 'The server could not be reached. Check your connection and try again.',
      });
    }

    if (!res.ok) {
      const error = new ApiError(await readProblem(res), parseRetryAfter(res.headers.get('Retry-After')));
      if (res.status === 401 && auth) {
        this.tokens.clear();
        this.listeners.forEach((l) => l());
      }
      throw error;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  // ---- endpoints ---------------------------------------------------------------------

  /** Logs in and stores the token. A 401 here is a form error, not a session expiry. */
  async login(req: LoginRequest): Promise<TokenResponse> {
    const tok = await this.request<TokenResponse>('/auth/login', { method: 'POST', body: req, auth: false });
    this.tokens.set(tok.access_token);
    return tok;
  }

  /** Revokes the session server-side (best effort) and always forgets the token locally. */
  async logout(): Promise<void> {
    if (!this.tokens.get()) return;
    try {
      await this.request<void>('/auth/logout', { method: 'POST', auth: true });
    } catch {
      // The session is abandoned either way; a failed revoke must not keep the user signed in.
    } finally {
      this.tokens.clear();
    }
  }

  me(signal?: AbortSignal): Promise<Me> {
    return this.request<Me>('/me', { signal });
  }

  listOrganizations(params: OrganizationListParams = {}, signal?: AbortSignal): Promise<Page<Organization>> {
    return this.request<Page<Organization>>('/organizations', {
      query: { cursor: params.cursor || undefined, limit: params.limit, kind: params.kind },
      signal,
    });
  }

  getOrganization(id: string, signal?: AbortSignal): Promise<Organization> {
    return this.request<Organization>(`/organizations/${encodeURIComponent(id)}`, { signal });
  }

  // ---- catalog ----

  listProducts(params: ProductListParams = {}, signal?: AbortSignal): Promise<ProductPage> {
    return this.request<ProductPage>('/products', {
      query: {
        cursor: params.cursor || undefined,
        limit: params.limit,
        q: params.q?.trim() || undefined,
        seller_id: params.seller_id || undefined,
        status: params.status || undefined,
      },
      signal,
    });
  }

  getProduct(id: string, signal?: AbortSignal): Promise<Product> {
    return this.request<Product>(`/products/${encodeURIComponent(id)}`, { signal });
  }

  createProduct(body: ProductCreate): Promise<Product> {
    return this.request<Product>('/products', { method: 'POST', body });
  }

  /** Replaces the master data; in a curated marketplace a published product gets a new revision to review. */
  updateProduct(id: string, body: ProductData): Promise<Product> {
    return this.request<Product>(`/products/${encodeURIComponent(id)}`, { method: 'PUT', body });
  }

  /** Sends the newest revision to curation (curated) or publishes it (other models). */
  submitProduct(id: string): Promise<Product> {
    return this.request<Product>(`/products/${encodeURIComponent(id)}/submit`, { method: 'POST' });
  }

  curateProduct(id: string, body: CurationDecision): Promise<Product> {
    return this.request<Product>(`/products/${encodeURIComponent(id)}/curation`, { method: 'POST', body });
  }

  listProductRevisions(id: string, signal?: AbortSignal): Promise<ProductRevisionList> {
    return this.request<ProductRevisionList>(`/products/${encodeURIComponent(id)}/revisions`, { signal });
  }

  listCurationQueue(params: { cursor?: string; limit?: number } = {}, signal?: AbortSignal): Promise<Page<Product>> {
    return this.request<Page<Product>>('/curation/queue', {
      query: { cursor: params.cursor || undefined, limit: params.limit },
      signal,
    });
  }

  // ---- catalog search ----

  searchCatalog(params: CatalogSearchParams = {}, signal?: AbortSignal): Promise<SearchResult> {
    return this.request<SearchResult>('/catalog/search', {
      query: {
        cursor: params.cursor || undefined,
        limit: params.limit,
        q: params.q?.trim() || undefined,
        currency: params.currency || undefined,
        seller_id: params.seller_id,
        origin: params.origin,
        hs_chapter: params.hs_chapter,
        incoterm: params.incoterm,
        price_min: params.price_min,
        price_max: params.price_max,
        available: params.available,
      },
      signal,
    });
  }

  // ---- consignees ----

  listConsignees(orgId: string, params: ConsigneeListParams = {}, signal?: AbortSignal): Promise<ConsigneePage> {
    return this.request<ConsigneePage>(`/organizations/${encodeURIComponent(orgId)}/consignees`, {
      query: { cursor: params.cursor || undefined, limit: params.limit, status: params.status },
      signal,
    });
  }

  getConsignee(id: string, signal?: AbortSignal): Promise<Consignee> {
    return this.request<Consignee>(`/consignees/${encodeURIComponent(id)}`, { signal });
  }

  createConsignee(orgId: string, body: ConsigneeInput): Promise<Consignee> {
    return this.request<Consignee>(`/organizations/${encodeURIComponent(orgId)}/consignees`, { method: 'POST', body });
  }

  /** Replaces the consignee; `status` archives or restores it. */
  replaceConsignee(id: string, body: ConsigneeInput): Promise<Consignee> {
    return this.request<Consignee>(`/consignees/${encodeURIComponent(id)}`, { method: 'PUT', body });
  }

  deleteConsignee(id: string): Promise<void> {
    return this.request<void>(`/consignees/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  // ---- distributors ----

  listHubs(orgId: string, params: PageParamsLike = {}, signal?: AbortSignal): Promise<HubPage> {
    return this.request<HubPage>(`/organizations/${encodeURIComponent(orgId)}/hubs`, {
      query: { cursor: params.cursor || undefined, limit: params.limit },
      signal,
    });
  }

  createHub(orgId: string, body: HubInput): Promise<Hub> {
    return this.request<Hub>(`/organizations/${encodeURIComponent(orgId)}/hubs`, { method: 'POST', body });
  }

  replaceHub(id: string, body: HubInput): Promise<Hub> {
    return this.request<Hub>(`/hubs/${encodeURIComponent(id)}`, { method: 'PUT', body });
  }

  /** 409 while service regions are served from the hub. */
  deleteHub(id: string): Promise<void> {
    return this.request<void>(`/hubs/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  listServiceRegions(orgId: string, params: PageParamsLike = {}, signal?: AbortSignal): Promise<ServiceRegionPage> {
    return this.request<ServiceRegionPage>(`/organizations/${encodeURIComponent(orgId)}/service-regions`, {
      query: { cursor: params.cursor || undefined, limit: params.limit },
      signal,
    });
  }

  createServiceRegion(orgId: string, body: ServiceRegionInput): Promise<ServiceRegion> {
    return this.request<ServiceRegion>(`/organizations/${encodeURIComponent(orgId)}/service-regions`, { method: 'POST', body });
  }

  replaceServiceRegion(id: string, body: ServiceRegionInput): Promise<ServiceRegion> {
    return this.request<ServiceRegion>(`/service-regions/${encodeURIComponent(id)}`, { method: 'PUT', body });
  }

  deleteServiceRegion(id: string): Promise<void> {
    return this.request<void>(`/service-regions/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  listDistributorLinks(params: DistributorLinkListParams = {}, signal?: AbortSignal): Promise<DistributorLinkPage> {
    return this.request<DistributorLinkPage>('/distributor-links', {
      query: {
        cursor: params.cursor || undefined,
        limit: params.limit,
        distributor_id: params.distributor_id || undefined,
        organization_id: params.organization_id || undefined,
        status: params.status,
      },
      signal,
    });
  }

  /** 201 for a new link, 200 when an ended link of the pair is reactivated. */
  createDistributorLink(body: DistributorLinkInput): Promise<DistributorLink> {
    return this.request<DistributorLink>('/distributor-links', { method: 'POST', body });
  }

  endDistributorLink(id: string): Promise<DistributorLink> {
    return this.request<DistributorLink>(`/distributor-links/${encodeURIComponent(id)}/end`, { method: 'POST' });
  }

  // ---- onboarding ----

  getOnboarding(orgId: string, signal?: AbortSignal): Promise<OnboardingOverview> {
    return this.request<OnboardingOverview>(`/organizations/${encodeURIComponent(orgId)}/onboarding`, { signal });
  }

  updateOrganization(orgId: string, body: OrganizationUpdate): Promise<Organization> {
    return this.request<Organization>(`/organizations/${encodeURIComponent(orgId)}`, { method: 'PATCH', body });
  }

  submitOrganization(orgId: string): Promise<Organization> {
    return this.request<Organization>(`/organizations/${encodeURIComponent(orgId)}/submit`, { method: 'POST' });
  }

  listOnboardingDocuments(orgId: string, params: PageParamsLike = {}, signal?: AbortSignal): Promise<OnboardingDocumentPage> {
    return this.request<OnboardingDocumentPage>(`/organizations/${encodeURIComponent(orgId)}/documents`, {
      query: { cursor: params.cursor || undefined, limit: params.limit },
      signal,
    });
  }

  uploadOnboardingDocument(orgId: string, upload: OnboardingDocumentUpload, filename?: string): Promise<OnboardingDocument> {
    const form = new FormData();
    form.set('type', upload.type);
    if (filename === undefined) form.set('file', upload.file);
    else form.set('file', upload.file, filename);
    return this.request<OnboardingDocument>(`/organizations/${encodeURIComponent(orgId)}/documents`, { method: 'POST', body: form });
  }

  deleteOnboardingDocument(orgId: string, documentId: string): Promise<void> {
    return this.request<void>(`/organizations/${encodeURIComponent(orgId)}/documents/${encodeURIComponent(documentId)}`, {
      method: 'DELETE',
    });
  }

  // ---- compliance ----

  /** The review queue (status open) and past checks, oldest first; items come without list entries. */
  listComplianceChecks(params: ComplianceCheckListParams = {}, signal?: AbortSignal): Promise<ComplianceCheckPage> {
    return this.request<ComplianceCheckPage>('/compliance/checks', {
      query: {
        cursor: params.cursor || undefined,
        limit: params.limit,
        status: params.status,
        kind: params.kind,
        subject_id: params.subject_id || undefined,
        order_id: params.order_id || undefined,
      },
      signal,
    });
  }

  /** One check with its matches, each with the list entry as screened. */
  getComplianceCheck(id: string, signal?: AbortSignal): Promise<ComplianceCheck> {
    return this.request<ComplianceCheck>(`/compliance/checks/${encodeURIComponent(id)}`, { signal });
  }

  /** 409 when the check was already reviewed. */
  reviewComplianceCheck(id: string, body: ComplianceReview): Promise<ComplianceCheck> {
    return this.request<ComplianceCheck>(`/compliance/checks/${encodeURIComponent(id)}/review`, { method: 'POST', body });
  }

  /** Screens one name against the loaded lists; nothing is stored. 503 while the lists load. */
  screenName(body: ScreeningRequest): Promise<ScreeningResponse> {
    return this.request<ScreeningResponse>('/screenings', { method: 'POST', body });
  }

  private url(path: string, query?: RequestOptions['query']): string {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) {
      if (Array.isArray(v)) {
        for (const item of v as readonly string[]) if (item !== '') qs.append(k, item);
      } else if (v !== undefined && v !== '') qs.set(k, String(v));
    }
    const s = qs.toString();
    return `${this.baseUrl}${path}${s ? `?${s}` : ''}`;
  }
}

async function readProblem(res: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: res.statusText || `HTTP ${res.status}`,
    status: res.status,
  };
  let text = '';
  try {
    text = await res.text();
  } catch {
    return fallback;
  }
  const ct = res.headers.get('Content-Type') ?? '';
  if (text && ct.includes('json')) {
    try {
      const body = JSON.parse(text) as Partial<Problem>;
      if (body && typeof body === 'object') {
        return {
          ...fallback,
          ...body,
          status: typeof body.status === 'number' ? body.status : res.status,
          errors: Array.isArray(body.errors) ? body.errors : undefined,
        };
      }
    } catch {
      // fall through: a proxy's HTML or a truncated body is not a problem document
    }
  }
  return fallback;
}
