"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiGet, sendJson } from "@/lib/api-client";
import { DeliveryLog } from "@/lib/notifications";
import { queryKeys } from "@/lib/query-keys";

/** The delivery log, re-read every few seconds: a retry's outcome shows up without a reload. */
export function useDeliveryLog(initial: DeliveryLog) {
  return useQuery({ queryKey: queryKeys.notifications(), queryFn: () => apiGet("/api/notifications", DeliveryLog), initialData: initial, refetchInterval: 3_000 });
}

/** Asks the console to send a test message to every destination. */
export function useSendTest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson("/api/notifications/test", {}, z.object({ requested: z.literal(true) })),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.notifications() }),
  });
}
