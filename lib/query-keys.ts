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
  /** Every page of audit records (not verification). */
  auditPages: () => ["audit", "page"] as const,
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
  /** Every run list, whatever its limit. */
  runLists: () => ["runs", "list"] as const,
  /** The newest runs: GET /api/runs?limit=… */
  runList: (limit: number) => ["runs", "list", limit] as const,
  /** One run with its steps: GET /api/runs/:id */
  run: (id: string) => ["runs", "run", id] as const,
  /** Accounts and privilege changes (admins): GET /api/access. */
  access: () => ["access"] as const,
  /** The notification delivery log (admins): GET /api/notifications. */
  notifications: () => ["notifications"] as const,
  /** Everything about incidents (invalidate this after declaring, updating, closing or adding a note). */
  incidents: () => ["incidents"] as const,
  /** The open incident, for the header: GET /api/incidents?status=open&limit=1 */
  openIncident: () => ["incidents", "open"] as const,
  /** Every incident list, whatever its limit. */
  incidentLists: () => ["incidents", "list"] as const,
  /** The newest incidents: GET /api/incidents?limit=… */
  incidentList: (limit: number) => ["incidents", "list", limit] as const,
  /** One incident with its notes: GET /api/incidents/:id */
  incident: (id: string) => ["incidents", "incident", id] as const,
  /** Its recovery figures: GET /api/incidents/:id/figures */
  incidentFigures: (id: string) => ["incidents", "figures", id] as const,
  /** Its timeline under every filter, with the tails. */
  incidentTimelines: (id: string) => ["incidents", "timeline", id] as const,
  /** Its timeline under one filter (the filter's query string), page by page: GET /api/incidents/:id/timeline */
  incidentTimeline: (id: string, filter: string) => ["incidents", "timeline", id, filter] as const,
  /** What arrived after the loaded timeline's last event, polled while the incident is open. */
  incidentTimelineTail: (id: string, filter: string) => ["incidents", "timeline", id, filter, "tail"] as const,
} as const;
