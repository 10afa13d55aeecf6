"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { usePollInterval } from "@/components/live/live-stream";
import { apiGet, sendJson } from "@/lib/api-client";
import { Proposal, type ProposalInput } from "@/lib/proposals";
import { queryKeys } from "@/lib/query-keys";
import { SessionUser } from "@/lib/session";

/** How many recent proposals the panel reads: the active one and the last few outcomes. */
export const PROPOSALS_LIMIT = 5;
/** Both people's screens follow the same proposal: without the live stream, the proposer sees the approval within this. */
const POLL_MS = 2_000;

const ProposalsResponse = z.object({ proposals: z.array(Proposal) });
const ProposalResponse = z.object({ proposal: Proposal });
const MeResponse = z.object({ user: SessionUser });

/** The newest proposals, newest first as the API returns them: re-read on every announced change, polled as the fallback. */
export function useProposals() {
  const pollMs = usePollInterval(POLL_MS);
  return useQuery({
    queryKey: queryKeys.proposalList(PROPOSALS_LIMIT),
    queryFn: async () => (await apiGet(`/api/proposals?limit=${PROPOSALS_LIMIT}`, ProposalsResponse)).proposals,
    refetchInterval: pollMs,
    // An incident screen left in a background tab must still be current when looked at.
    refetchIntervalInBackground: true,
    staleTime: 1_000,
  });
}

/**
 * The signed-in user, from the cache the header seeds (components/auth/use-me.ts, same key);
 * fetched from /api/me if it is not there yet.
 */
export function useSessionUser() {
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: async () => (await apiGet("/api/me", MeResponse)).user,
    staleTime: 60_000,
  });
}

/** Proposals and runs change together (an approval starts a run): refresh both. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.proposals() }), queryClient.invalidateQueries({ queryKey: queryKeys.runs() })]);
}

export function usePropose() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (input: ProposalInput) => (await sendJson("/api/proposals", input, ProposalResponse)).proposal,
    onSettled: refresh,
  });
}

export type Decision =
  | { kind: "approve"; contentHash: string; password?: string }
  | { kind: "reject"; reason: string }
  | { kind: "cancel"; reason: string };

/** Approve, reject or cancel one proposal. Refusals (self-approval, expired, voided…) come back as ApiError. */
export function useDecide(proposalId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (decision: Decision) => {
      const { kind, ...body } = decision;
      return (await sendJson(`/api/proposals/${encodeURIComponent(proposalId)}/${kind}`, body, ProposalResponse)).proposal;
    },
    // A refusal can change the proposal too (expired, voided): refresh either way.
    onSettled: refresh,
  });
}
