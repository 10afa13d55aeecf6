"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, sendJson } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { FaultsResponse, type FaultToggle } from "@/lib/sim";
import type { Snapshot } from "@/lib/snapshot";

/** The drill faults as the sim reports them (admin only); the snapshot carries them too. */
export function useFaults(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.faults(),
    queryFn: () => apiGet("/api/sim/faults", FaultsResponse),
    enabled,
    staleTime: 5_000,
  });
}

/** Turns one fault on or off; the reply is written into both caches so the panel flips at once. */
export function useToggleFault() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postFault,
    onSuccess: (reply) => {
      queryClient.setQueryData(queryKeys.faults(), reply);
      queryClient.setQueryData<Snapshot>(queryKeys.state(), (prev) => (prev ? { ...prev, faults: reply.faults } : prev));
    },
  });
}

function postFault(toggle: FaultToggle): Promise<FaultsResponse> {
  return sendJson("/api/sim/faults", toggle, FaultsResponse);
}
