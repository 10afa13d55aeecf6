import type { QueryKey } from "@tanstack/react-query";
import { z } from "zod";
import { queryKeys } from "./query-keys";

/**
 * What `event: change` on /api/stream carries: which records changed, by kind and id — never the
 * records themselves. The database announces them (migration 0013) to every replica, each replica
 * to its browsers, and each browser re-reads exactly the queries that show them.
 */
export const CHANGE_KINDS = ["proposal", "run", "incident", "access", "audit", "faults"] as const;
export const Change = z.object({ kind: z.enum(CHANGE_KINDS), id: z.string().min(1).max(200) });
export type Change = z.infer<typeof Change>;

/** One SSE message: the changes a replica heard within one short window, each once. */
export const ChangeBatch = z.object({ changes: z.array(Change).min(1) });
export type ChangeBatch = z.infer<typeof ChangeBatch>;

/**
 * The queries (key prefixes) that show a changed record. Only mounted queries refetch, so a page
 * that does not show it reads nothing.
 */
export function queriesShowing(change: Change): QueryKey[] {
  switch (change.kind) {
    // A decision on a proposal starts (or not) a run: the run list shows it.
    case "proposal":
      return [queryKeys.proposals(), queryKeys.runLists()];
    // The proposals panel says how the proposal's run ended.
    case "run":
      return [queryKeys.run(change.id), queryKeys.runLists(), queryKeys.proposals()];
    case "incident":
      return [
        queryKeys.openIncident(),
        queryKeys.incidentLists(),
        queryKeys.incident(change.id),
        queryKeys.incidentFigures(change.id),
        queryKeys.incidentTimelines(change.id),
      ];
    case "access":
      return [queryKeys.access()];
    // Pages of records; verification is re-run when asked for, not on every append.
    case "audit":
      return [queryKeys.auditPages()];
    case "faults":
      return [queryKeys.faults()];
  }
}

/** Parses one `event: change` message; a malformed one is reported, never acted on. */
export function parseChangeEvent(data: string): { ok: true; changes: Change[] } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (err) {
    return { ok: false, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = ChangeBatch.safeParse(json);
  return parsed.success ? { ok: true, changes: parsed.data.changes } : { ok: false, error: parsed.error.message };
}
