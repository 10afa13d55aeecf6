import type { LagRange } from "./lag";

/** Query-key factory: every TanStack Query key in the app is built here. */
export const queryKeys = {
  me: () => ["me"] as const,
  /** The live snapshot: GET /api/state, kept current by /api/stream. */
  state: () => ["state"] as const,
  /** Lag samples for the chart: GET /api/lag?range=… */
  lag: (range: LagRange) => ["lag", range] as const,
  /** Drill faults (sim mode): GET/POST /api/sim/faults. */
  faults: () => ["sim", "faults"] as const,
} as const;
