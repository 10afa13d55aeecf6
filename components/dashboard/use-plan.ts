"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchMe } from "@/components/auth/use-me";
import { sendJson } from "@/lib/api-client";
import { PlanEvaluateResponse } from "@/lib/plan";
import { queryKeys } from "@/lib/query-keys";
import { hasRole } from "@/lib/roles";
import type { Snapshot } from "@/lib/snapshot";

/** Whether the signed-in user may run the plan's checks on demand (the route checks it again). */
export function useIsAdmin(): boolean {
  const me = useQuery({ queryKey: queryKeys.me(), queryFn: fetchMe, staleTime: 60_000 });
  return me.data ? hasRole(me.data.roles, "admin") : false;
}

/** POST /api/plan/evaluate; the result goes into the snapshot at once, before the next one arrives. */
export function useEvaluatePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson("/api/plan/evaluate", {}, PlanEvaluateResponse),
    onSuccess: ({ result }) => {
      queryClient.setQueryData<Snapshot>(queryKeys.state(), (prev) =>
        prev?.plan ? { ...prev, plan: { ...prev.plan, last: result, running: null } } : prev,
      );
    },
  });
}
