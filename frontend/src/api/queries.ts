// TanStack Query hooks over the API client. Query keys live here so invalidation has one
// place to look.

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useApi } from './context';

export const queryKeys = {
  me: ['me'] as const,
  organizations: (limit: number) => ['organizations', 'list', { limit }] as const,
  organization: (id: string) => ['organizations', 'detail', id] as const,
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

export function useOrganization(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.organization(id),
    queryFn: ({ signal }) => api.getOrganization(id, signal),
  });
}
