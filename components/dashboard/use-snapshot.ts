"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiGet } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { Snapshot } from "@/lib/snapshot";
import { connectionOf, newest, parseSnapshotEvent, type Connection } from "./live";

// When the server refuses the stream outright (EventSource gives up: CLOSED), try again after this.
const REOPEN_MS = 5_000;

/**
 * The live snapshot: seeded from the server render, pushed by /api/stream into the query cache,
 * and polled from /api/state only while the stream is down.
 */
export function useSnapshot(initial: Snapshot): { snapshot: Snapshot; receivedAt: number; connection: Connection } {
  const queryClient = useQueryClient();
  const stream = useSnapshotStream(initial.cadenceMs);
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

/** Opens the EventSource, writes each snapshot into the cache, and reports the stream's state. */
function useSnapshotStream(cadenceMs: number): "connecting" | "open" | "down" {
  const queryClient = useQueryClient();
  const [state, setState] = useState<"connecting" | "open" | "down">("connecting");

  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let lastMessage = Date.now();
    // An open stream that carries no snapshot for this long is treated as dead (a proxy that
    // buffers, a server that stopped pushing): recycle it rather than show old data as live.
    const silenceMs = Math.max(15_000, 5 * cadenceMs);

    const onSnapshot = (event: MessageEvent<string>) => {
      lastMessage = Date.now();
      const parsed = parseSnapshotEvent(event.data);
      if (!parsed.ok) {
        console.error("dashboard: ignored a malformed snapshot from /api/stream:", parsed.error);
        return;
      }
      setState("open");
      queryClient.setQueryData<Snapshot>(queryKeys.state(), (prev) => newest(prev, parsed.snapshot));
    };

    const open = () => {
      source = new EventSource("/api/stream");
      lastMessage = Date.now();
      source.onopen = () => setState("open");
      source.addEventListener("snapshot", onSnapshot);
      source.onerror = () => {
        setState("down");
        // CONNECTING: the browser retries by itself. CLOSED: it has given up (e.g. 401 or 5xx).
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reopen = setTimeout(open, REOPEN_MS);
        }
      };
    };

    const watchdog = setInterval(() => {
      if (source?.readyState === EventSource.OPEN && Date.now() - lastMessage > silenceMs) {
        source.close();
        setState("down");
        open();
      }
    }, 1_000);

    open();
    return () => {
      clearInterval(watchdog);
      clearTimeout(reopen);
      source?.close();
    };
  }, [queryClient, cadenceMs]);

  return state;
}
