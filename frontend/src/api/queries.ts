// TanStack Query hooks over the API client. Query keys live here so invalidation has one
// place to look.

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import type { CurationDecision, Product, ProductCreate, ProductData, ProductListParams } from './types';

export const queryKeys = {
  me: ['me'] as const,
  organizations: (limit: number) => ['organizations', 'list', { limit }] as const,
  organization: (id: string) => ['organizations', 'detail', id] as const,
  products: ['products'] as const,
  productList: (params: ProductListParams) => ['products', 'list', params] as const,
  product: (id: string) => ['products', 'detail', id] as const,
  productRevisions: (id: string) => ['products', 'revisions', id] as const,
  curationQueue: (limit: number) => ['products', 'curation-queue', { limit }] as const,
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
