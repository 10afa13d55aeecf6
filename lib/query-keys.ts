import type { LagRange } from "./lag";

/** Which slice of the audit log a page shows: newest first, optionally one action only. */
export interface AuditPageKey {
  action: string | null;
  size: number;
  /** Records with seq < before; null for the newest page. */
  before: number | null;
}

/** Query-key factory: every TanStack Query key in the app is built here. */
export const queryKeys = {
  me: () => ["me"] as const,
  /** The live snapshot: GET /api/state, kept current by /api/stream. */
  state: () => ["state"] as const,
  /** Lag samples for the chart: GET /api/lag?range=… */
  lag: (range: LagRange) => ["lag", range] as const,
  /** Drill faults (sim mode): GET/POST /api/sim/faults. */
  faults: () => ["sim", "faults"] as const,
  /** Everything about the audit log (invalidate this to refresh pages and verification together). */
  audit: () => ["audit"] as const,
  /** One page of audit records: GET /api/audit?action=…&before=…&limit=… */
  auditPage: (page: AuditPageKey) => ["audit", "page", page] as const,
  /** Chain verification: GET /api/audit/verify. */
  auditVerify: () => ["audit", "verify"] as const,
  /** Everything about proposals (invalidate this after proposing, approving, rejecting or cancelling). */
  proposals: () => ["proposals"] as const,
  /** The newest proposals: GET /api/proposals?limit=… */
  proposalList: (limit: number) => ["proposals", "list", limit] as const,
  /** Everything about runs (invalidate this after an approval or a run control). */
  runs: () => ["runs"] as const,
  /** The newest runs: GET /api/runs?limit=… */
  runList: (limit: number) => ["runs", "list", limit] as const,
  /** One run with its steps: GET /api/runs/:id */
  run: (id: string) => ["runs", "run", id] as const,
} as const;
