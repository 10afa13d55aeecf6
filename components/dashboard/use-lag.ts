"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "@/lib/api-client";
import { LagSeries, type LagRange } from "@/lib/lag";
import { queryKeys } from "@/lib/query-keys";

// Wider windows change more slowly relative to their width; refresh them less often.
const REFRESH_MS: Record<LagRange, number> = { "15m": 5_000, "1h": 15_000, "6h": 60_000 };

/** Lag samples for the chart; the previous range stays on screen while a new one loads. */
export function useLag(range: LagRange) {
  return useQuery({
    queryKey: queryKeys.lag(range),
    queryFn: () => apiGet(`/api/lag?range=${encodeURIComponent(range)}`, LagSeries),
    refetchInterval: REFRESH_MS[range],
    staleTime: REFRESH_MS[range],
    placeholderData: keepPreviousData,
  });
}
