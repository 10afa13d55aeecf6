"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { parseChangeEvent, queriesShowing } from "@/lib/live";
import { queryKeys } from "@/lib/query-keys";
import type { Snapshot } from "@/lib/snapshot";
import { newest, parseSnapshotEvent } from "@/components/dashboard/live";

export type StreamState = "connecting" | "open" | "down";

// When the server refuses the stream outright (EventSource gives up: CLOSED), try again after this.
const REOPEN_MS = 5_000;

const LiveStreamContext = createContext<StreamState>("connecting");

/**
 * One `EventSource("/api/stream")` per tab, for every page: snapshots go into the snapshot cache
 * (`queryKeys.state()`), and each `event: change` invalidates exactly the queries that show the
 * changed records (`queriesShowing`), whichever replica the change was made on. Pages read the
 * stream's state with `useStreamState` and poll slower while it is open.
 */
export function LiveStreamProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const state = useLiveStream(enabled);
  return <LiveStreamContext.Provider value={state}>{children}</LiveStreamContext.Provider>;
}

/** "connecting" outside the provider (and in server renders): every hook then polls at its own pace. */
export function useStreamState(): StreamState {
  return useContext(LiveStreamContext);
}

function useLiveStream(enabled: boolean): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>(enabled ? "connecting" : "down");

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let lastMessage = Date.now();
    let cadenceMs = 0;

    const onSnapshot = (event: MessageEvent<string>) => {
      lastMessage = Date.now();
      const parsed = parseSnapshotEvent(event.data);
      if (!parsed.ok) {
        console.error("live: ignored a malformed snapshot from /api/stream:", parsed.error);
        return;
      }
      cadenceMs = parsed.snapshot.cadenceMs;
      setState("open");
      queryClient.setQueryData<Snapshot>(queryKeys.state(), (prev) => newest(prev, parsed.snapshot));
    };

    const onChange = (event: MessageEvent<string>) => {
      lastMessage = Date.now();
      const parsed = parseChangeEvent(event.data);
      if (!parsed.ok) {
        console.error("live: ignored a malformed change from /api/stream:", parsed.error);
        return;
      }
      for (const change of parsed.changes) {
        for (const queryKey of queriesShowing(change)) void queryClient.invalidateQueries({ queryKey });
      }
    };

    const open = () => {
      source = new EventSource("/api/stream");
      lastMessage = Date.now();
      source.onopen = () => setState("open");
      source.addEventListener("snapshot", onSnapshot);
      source.addEventListener("change", onChange);
      source.onerror = () => {
        setState("down");
        // CONNECTING: the browser retries by itself. CLOSED: it has given up (e.g. 401 or 5xx).
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reopen = setTimeout(open, REOPEN_MS);
        }
      };
    };

    // An open stream that carries nothing for this long is treated as dead (a proxy that
    // buffers, a server that stopped pushing): recycle it rather than show old data as live.
    const watchdog = setInterval(() => {
      const silenceMs = Math.max(15_000, 5 * cadenceMs);
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
  }, [queryClient, enabled]);

  return state;
}

/**
 * How often a query re-reads: `fallbackMs` while the stream is down; while it is open, changes
 * arrive as they happen and polling only catches what a replica missed while its own listener
 * was reconnecting.
 */
export const LIVE_POLL_MS = 15_000;
export function usePollInterval(fallbackMs: number): number {
  return useStreamState() === "open" ? Math.max(fallbackMs, LIVE_POLL_MS) : fallbackMs;
}
