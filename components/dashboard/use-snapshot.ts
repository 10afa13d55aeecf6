"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useStreamState } from "@/components/live/live-stream";
import { apiGet } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { Snapshot } from "@/lib/snapshot";
import { connectionOf, newest, type Connection } from "./live";

/**
 * The live snapshot: seeded from the server render, pushed by /api/stream into the query cache
 * (the tab's one stream: components/live), and polled from /api/state only while it is down.
 */
export function useSnapshot(initial: Snapshot): { snapshot: Snapshot; receivedAt: number; connection: Connection } {
  const queryClient = useQueryClient();
  const stream = useStreamState();
  const live = stream === "open";
  const query = useQuery({
    queryKey: queryKeys.state(),
    queryFn: async () => newest(queryClient.getQueryData<Snapshot>(queryKeys.state()), await apiGet("/api/state", Snapshot)),
    initialData: initial,
    staleTime: initial.cadenceMs,
    refetchInterval: live ? false : Math.max(2_000, initial.cadenceMs),
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: !live,
    retry: false,
  });
  return {
    snapshot: query.data,
    receivedAt: query.dataUpdatedAt,
    connection: connectionOf(stream, query.isError),
  };
}
