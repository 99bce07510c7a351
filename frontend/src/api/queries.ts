// TanStack Query hooks over the API client. Query keys live here so invalidation has one
// place to look.

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import type {
  CatalogSearchParams,
  ComplianceCheck,
  ComplianceCheckListParams,
  ComplianceReview,
  Consignee,
  ConsigneeInput,
  ConsigneeStatus,
  CurationDecision,
  DistributorLinkInput,
  DistributorLinkStatus,
  HubInput,
  OnboardingDocumentUpload,
  Organization,
  OrganizationUpdate,
  Product,
  ProductCreate,
  ProductData,
  ProductListParams,
  ScreeningRequest,
  ServiceRegionInput,
} from './types';

export const queryKeys = {
  me: ['me'] as const,
  organizations: (limit: number) => ['organizations', 'list', { limit }] as const,
  organization: (id: string) => ['organizations', 'detail', id] as const,
  products: ['products'] as const,
  productList: (params: ProductListParams) => ['products', 'list', params] as const,
  product: (id: string) => ['products', 'detail', id] as const,
  productRevisions: (id: string) => ['products', 'revisions', id] as const,
  curationQueue: (limit: number) => ['products', 'curation-queue', { limit }] as const,
  /** Under products: a catalog write refetches searches too. */
  catalogSearch: (params: Omit<CatalogSearchParams, 'cursor'>) => ['products', 'search', params] as const,
  consignees: ['consignees'] as const,
  consigneeList: (orgId: string, status: ConsigneeStatus | undefined) => ['consignees', 'list', orgId, { status }] as const,
  consignee: (id: string) => ['consignees', 'detail', id] as const,
  hubs: (orgId: string) => ['distributors', orgId, 'hubs'] as const,
  serviceRegions: (orgId: string) => ['distributors', orgId, 'service-regions'] as const,
  distributorLinks: ['distributor-links'] as const,
  distributorLinkList: (params: { distributor_id?: string; status?: DistributorLinkStatus }) => ['distributor-links', 'list', params] as const,
  onboarding: (orgId: string) => ['organizations', 'onboarding', orgId] as const,
  onboardingDocuments: (orgId: string) => ['organizations', 'documents', orgId] as const,
  complianceChecks: ['compliance-checks'] as const,
  complianceCheckList: (params: Omit<ComplianceCheckListParams, 'cursor'>) => ['compliance-checks', 'list', params] as const,
  complianceCheck: (id: string) => ['compliance-checks', 'detail', id] as const,
};

export function useMe() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.me, queryFn: ({ signal }) => api.me(signal), staleTime: 60_000 });
}

export function useOrganizations(limit = 50) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: queryKeys.organizations(limit),
    queryFn: ({ pageParam, signal }) => api.listOrganizations({ cursor: pageParam, limit }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor || undefined,
  });
}

export function useOrganization(id: string, opts: { staleTime?: number; enabled?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.organization(id),
    queryFn: ({ signal }) => api.getOrganization(id, signal),
    staleTime: opts.staleTime,
    enabled: opts.enabled ?? id !== '',
  });
}

// ---- catalog -------------------------------------------------------------------------

/** Products the caller may see, a page at a time; the previous rows stay while a new filter loads. */
export function useProducts(params: Omit<ProductListParams, 'cursor'>) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: queryKeys.productList(params),
    queryFn: ({ pageParam, signal }) => api.listProducts({ ...params, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor || undefined,
    placeholderData: keepPreviousData,
  });
}

export function useProduct(id: string) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.product(id), queryFn: ({ signal }) => api.getProduct(id, signal), enabled: id !== '' });
}

/** Revision history; only the product's seller and marketplace staff may read it (others get 404). */
export function useProductRevisions(id: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.productRevisions(id),
    queryFn: ({ signal }) => api.listProductRevisions(id, signal),
    enabled: enabled && id !== '',
  });
}

export function useCurationQueue(limit = 50, enabled = true) {
  const api = useApi();
  return useInfiniteQuery({
    enabled,
    queryKey: queryKeys.curationQueue(limit),
    queryFn: ({ pageParam, signal }) => api.listCurationQueue({ cursor: pageParam, limit }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor || undefined,
  });
}

/** After any catalog write: store the answer as the product's detail, refetch lists and history. */
function useProductWritten() {
  const queryClient = useQueryClient();
  return (p: Product) => {
    queryClient.setQueryData(queryKeys.product(p.id), p);
    void queryClient.invalidateQueries({ queryKey: queryKeys.products, predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== p.id });
  };
}

export function useCreateProduct() {
  const api = useApi();
  const written = useProductWritten();
  return useMutation({ mutationFn: (body: ProductCreate) => api.createProduct(body), onSuccess: written });
}

export function useUpdateProduct(id: string) {
  const api = useApi();
  const written = useProductWritten();
  return useMutation({ mutationFn: (body: ProductData) => api.updateProduct(id, body), onSuccess: written });
}

export function useSubmitProduct() {
  const api = useApi();
  const written = useProductWritten();
  return useMutation({ mutationFn: (id: string) => api.submitProduct(id), onSuccess: written });
}

export function useCurateProduct() {
  const api = useApi();
  const written = useProductWritten();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: CurationDecision }) => api.curateProduct(id, decision),
    onSuccess: written,
  });
}

// ---- catalog search ------------------------------------------------------------------

/** Ranked search with facets; "Load more" appends the next keyset page, filters start over. */
export function useCatalogSearch(params: Omit<CatalogSearchParams, 'cursor'>, enabled = true) {
  const api = useApi();
  return useInfiniteQuery({
    enabled,
    queryKey: queryKeys.catalogSearch(params),
    queryFn: ({ pageParam, signal }) => api.searchCatalog({ ...params, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor || undefined,
    placeholderData: keepPreviousData,
  });
}

// ---- consignees ----------------------------------------------------------------------

export function useConsignees(orgId: string, status: ConsigneeStatus | undefined, limit = 50) {
  const api = useApi();
  return useInfiniteQuery({
    enabled: orgId !== '',
    queryKey: queryKeys.consigneeList(orgId, status),
    queryFn: ({ pageParam, signal }) => api.listConsignees(orgId, { status, cursor: pageParam, limit }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor || undefined,
    placeholderData: keepPreviousData,
  });
}

export function useConsignee(id: string) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.consignee(id), queryFn: ({ signal }) => api.getConsignee(id, signal), enabled: id !== '' });
}

function useConsigneeWritten() {
  const queryClient = useQueryClient();
  return (c?: Consignee) => {
    if (c) queryClient.setQueryData(queryKeys.consignee(c.id), c);
    void queryClient.invalidateQueries({ queryKey: [...queryKeys.consignees, 'list'] });
  };
}

export function useCreateConsignee(orgId: string) {
  const api = useApi();
  const written = useConsigneeWritten();
  return useMutation({ mutationFn: (body: ConsigneeInput) => api.createConsignee(orgId, body), onSuccess: written });
}

export function useReplaceConsignee() {
  const api = useApi();
  const written = useConsigneeWritten();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: ConsigneeInput }) => api.replaceConsignee(id, body), onSuccess: written });
}

export function useDeleteConsignee() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteConsignee(id),
    onSuccess: (_v, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.consignee(id) });
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.consignees, 'list'] });
    },
  });
}

// ---- distributors --------------------------------------------------------------------

/** Every hub of a distributor (a distributor has a handful; pages are followed to the end). */
export function useHubs(orgId: string) {
  const api = useApi();
  return useQuery({
    enabled: orgId !== '',
    queryKey: queryKeys.hubs(orgId),
    queryFn: ({ signal }) => allPages((cursor) => api.listHubs(orgId, { cursor, limit: 200 }, signal)),
  });
}

export function useServiceRegions(orgId: string) {
  const api = useApi();
  return useQuery({
    enabled: orgId !== '',
    queryKey: queryKeys.serviceRegions(orgId),
    queryFn: ({ signal }) => allPages((cursor) => api.listServiceRegions(orgId, { cursor, limit: 200 }, signal)),
  });
}

export function useSaveHub(orgId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: HubInput }) => (id ? api.replaceHub(id, body) : api.createHub(orgId, body)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.hubs(orgId) }),
  });
}

export function useDeleteHub(orgId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteHub(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.hubs(orgId) }),
  });
}

export function useSaveServiceRegion(orgId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ServiceRegionInput }) =>
      id ? api.replaceServiceRegion(id, body) : api.createServiceRegion(orgId, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.serviceRegions(orgId) }),
  });
}

export function useDeleteServiceRegion(orgId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteServiceRegion(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.serviceRegions(orgId) }),
  });
}

export function useDistributorLinks(params: { distributor_id?: string; status?: DistributorLinkStatus }, limit = 50) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: queryKeys.distributorLinkList(params),
    queryFn: ({ pageParam, signal }) => api.listDistributorLinks({ ...params, cursor: pageParam, limit }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor || undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCreateDistributorLink() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DistributorLinkInput) => api.createDistributorLink(body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.distributorLinks }),
  });
}

export function useEndDistributorLink() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.endDistributorLink(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.distributorLinks }),
  });
}

// ---- onboarding ----------------------------------------------------------------------

export function useOnboarding(orgId: string) {
  const api = useApi();
  return useQuery({ enabled: orgId !== '', queryKey: queryKeys.onboarding(orgId), queryFn: ({ signal }) => api.getOnboarding(orgId, signal) });
}

export function useOnboardingDocuments(orgId: string) {
  const api = useApi();
  return useQuery({
    enabled: orgId !== '',
    queryKey: queryKeys.onboardingDocuments(orgId),
    queryFn: ({ signal }) => allPages((cursor) => api.listOnboardingDocuments(orgId, { cursor, limit: 200 }, signal)),
  });
}

/** After an onboarding write: the organization, its overview and its documents are stale. */
function useOnboardingWritten(orgId: string) {
  const queryClient = useQueryClient();
  return (org?: Organization) => {
    if (org) queryClient.setQueryData(queryKeys.organization(orgId), org);
    void queryClient.invalidateQueries({ queryKey: queryKeys.onboarding(orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.onboardingDocuments(orgId) });
    void queryClient.invalidateQueries({ queryKey: ['organizations', 'list'] });
  };
}

export function useUpdateOrganization(orgId: string) {
  const api = useApi();
  const written = useOnboardingWritten(orgId);
  return useMutation({ mutationFn: (body: OrganizationUpdate) => api.updateOrganization(orgId, body), onSuccess: written });
}

export function useSubmitOrganization(orgId: string) {
  const api = useApi();
  const written = useOnboardingWritten(orgId);
  return useMutation({ mutationFn: () => api.submitOrganization(orgId), onSuccess: written });
}

export function useUploadOnboardingDocument(orgId: string) {
  const api = useApi();
  const written = useOnboardingWritten(orgId);
  return useMutation({
    mutationFn: ({ upload, filename }: { upload: OnboardingDocumentUpload; filename?: string }) => api.uploadOnboardingDocument(orgId, upload, filename),
    onSuccess: () => written(),
  });
}

export function useDeleteOnboardingDocument(orgId: string) {
  const api = useApi();
  const written = useOnboardingWritten(orgId);
  return useMutation({ mutationFn: (documentId: string) => api.deleteOnboardingDocument(orgId, documentId), onSuccess: () => written() });
}

// ---- compliance ----------------------------------------------------------------------

/** The review queue (status open) or past checks, oldest first, a page at a time. */
export function useComplianceChecks(params: Omit<ComplianceCheckListParams, 'cursor'>, enabled = true) {
  const api = useApi();
  return useInfiniteQuery({
    enabled,
    queryKey: queryKeys.complianceCheckList(params),
    queryFn: ({ pageParam, signal }) => api.listComplianceChecks({ ...params, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor || undefined,
    placeholderData: keepPreviousData,
  });
}

export function useComplianceCheck(id: string) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.complianceCheck(id), queryFn: ({ signal }) => api.getComplianceCheck(id, signal), enabled: id !== '' });
}

/**
 * Refetches what a review (or a refused one) changes: the queue, the check, and the
 * screened party, whose screening or onboarding status follows the decision.
 */
export function useComplianceCheckChanged() {
  const queryClient = useQueryClient();
  return (check: Pick<ComplianceCheck, 'id' | 'subject_type' | 'subject_id'>, reviewed?: ComplianceCheck) => {
    if (reviewed) queryClient.setQueryData(queryKeys.complianceCheck(check.id), reviewed);
    else void queryClient.invalidateQueries({ queryKey: queryKeys.complianceCheck(check.id) });
    void queryClient.invalidateQueries({ queryKey: [...queryKeys.complianceChecks, 'list'] });
    const id = check.subject_id;
    if (!id) return;
    if (check.subject_type === 'organization') {
      void queryClient.invalidateQueries({ queryKey: queryKeys.organization(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.onboarding(id) });
      void queryClient.invalidateQueries({ queryKey: ['organizations', 'list'] });
    } else if (check.subject_type === 'consignee' || check.subject_type === 'end_user') {
      void queryClient.invalidateQueries({ queryKey: queryKeys.consignee(id) });
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.consignees, 'list'] });
    }
  };
}

export function useReviewComplianceCheck() {
  const api = useApi();
  const changed = useComplianceCheckChanged();
  return useMutation({
    mutationFn: ({ check, review }: { check: ComplianceCheck; review: ComplianceReview }) => api.reviewComplianceCheck(check.id, review),
    onSuccess: (reviewed, { check }) => changed(check, reviewed),
  });
}

/** An ad hoc screening: nothing is stored, so nothing is cached. */
export function useScreenName() {
  const api = useApi();
  return useMutation({ mutationFn: (body: ScreeningRequest) => api.screenName(body) });
}

/** Follows next_cursor to the end; for lists that are small by nature (hubs, documents). */
async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const p = await page(cursor);
    out.push(...p.items);
    if (!p.next_cursor) break;
    cursor = p.next_cursor;
  }
  return out;
}
