"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { usePollInterval } from "@/components/live/live-stream";
import { apiGet, sendJson } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { ACTIVE_RUN_STATUSES, Run, type RunAction, type RunStatus } from "@/lib/runs";

const RunResponse = z.object({ run: Run });
const RunsResponse = z.object({ runs: z.array(Run) });

/** How often a run that can still move is re-read while the live stream is down: steps advance in seconds. */
export const RUN_POLL_MS = 1_000;

export const isLive = (status: RunStatus) => (ACTIVE_RUN_STATUSES as readonly RunStatus[]).includes(status);

/**
 * One run, re-read whenever any replica announces a change to it (components/live), and polled
 * while it can still move (running, paused, failed) — every second while the stream is down.
 */
export function useRun(id: string | null, initial?: Run) {
  const pollMs = usePollInterval(RUN_POLL_MS);
  return useQuery({
    queryKey: queryKeys.run(id ?? ""),
    queryFn: async () => (await apiGet(`/api/runs/${encodeURIComponent(id ?? "")}`, RunResponse)).run,
    enabled: id !== null,
    initialData: initial,
    staleTime: 500,
    refetchInterval: (query) => (query.state.data && !isLive(query.state.data.status) ? false : pollMs),
    refetchIntervalInBackground: true,
  });
}

/** The newest runs, for the list page. */
export function useRuns(limit: number, initial?: Run[]) {
  const pollMs = usePollInterval(3_000);
  return useQuery({
    queryKey: queryKeys.runList(limit),
    queryFn: async () => (await apiGet(`/api/runs?limit=${limit}`, RunsResponse)).runs,
    initialData: initial,
    staleTime: 1_000,
    refetchInterval: pollMs,
  });
}

/** Pause, resume, abort (reason required) or retry: the reply is the run as it now stands. */
export function useRunAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, reason }: { action: RunAction; reason?: string }) =>
      (await sendJson(`/api/runs/${encodeURIComponent(id)}/${action}`, reason ? { reason } : {}, RunResponse)).run,
    onSuccess: (run) => queryClient.setQueryData(queryKeys.run(id), run),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.runs() }), queryClient.invalidateQueries({ queryKey: queryKeys.proposals() })]),
  });
}

/** A second approver lets a stopped run go on: its pending continuation request, with re-authentication. */
export function useApproveContinuation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { requestId: string; password?: string }) =>
      (await sendJson(`/api/runs/${encodeURIComponent(id)}/approve-continue`, body, RunResponse)).run,
    onSuccess: (run) => queryClient.setQueryData(queryKeys.run(id), run),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.runs() }),
  });
}
