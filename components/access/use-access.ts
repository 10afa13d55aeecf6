"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { AccessChange, type AccessChangeInput } from "@/lib/access";
import { apiGet, sendJson } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { UserSummary } from "@/lib/users";

export const AccessView = z.object({ users: z.array(UserSummary), changes: z.array(AccessChange) });
export type AccessView = z.infer<typeof AccessView>;
const ChangeResponse = z.object({ change: AccessChange });

/** Accounts and privilege changes, re-read every few seconds so a second admin's decision shows up. */
export function useAccess(initial: AccessView) {
  return useQuery({ queryKey: queryKeys.access(), queryFn: () => apiGet("/api/access", AccessView), initialData: initial, refetchInterval: 5_000 });
}

type Decision =
  | { kind: "propose"; input: AccessChangeInput }
  | { kind: "approve"; id: string; contentHash: string; password?: string }
  | { kind: "reject" | "cancel"; id: string; reason?: string }
  | { kind: "end-sessions"; userId: string };

function send(d: Decision): Promise<unknown> {
  switch (d.kind) {
    case "propose":
      return sendJson("/api/access/changes", d.input, ChangeResponse);
    case "approve":
      return sendJson(`/api/access/changes/${encodeURIComponent(d.id)}/approve`, { contentHash: d.contentHash, password: d.password }, ChangeResponse);
    case "reject":
    case "cancel":
      return sendJson(`/api/access/changes/${encodeURIComponent(d.id)}/${d.kind}`, { reason: d.reason }, ChangeResponse);
    case "end-sessions":
      return sendJson(`/api/users/${encodeURIComponent(d.userId)}/sessions/revoke`, {}, z.object({ ended: z.number() }));
  }
}

/** Every admin action on this page; the lists are re-read after each, whatever the outcome. */
export function useAccessAction() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: send, onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.access() }) });
}
