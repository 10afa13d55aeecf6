import { QueryClient } from "@tanstack/react-query";

/** The one QueryClient factory. Live data arrives by server-sent events; polling is the fallback. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, refetchOnWindowFocus: true, retry: 2 },
      mutations: { retry: 0 },
    },
  });
}
