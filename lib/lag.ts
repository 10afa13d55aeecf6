import { z } from "zod";
import type { Snapshot } from "./snapshot";

/**
 * How old a lag value may be, from its CloudWatch datapoint's own timestamp. Aurora publishes
 * AuroraGlobalDBReplicationLag / AuroraGlobalDBRPOLag once a minute (standard resolution), and a
 * datapoint is stamped with the START of its 60 s period: it is complete a period later and
 * readable after CloudWatch's publishing delay of up to about two more. So a value stays current
 * for 3 periods from its timestamp and is stale after; after 10 periods it is unknown. These go
 * by the metric's period, not the poll cadence: polling faster does not make CloudWatch newer.
 */
export const LAG_PERIOD_MS = 60_000;
export const LAG_CURRENT_FOR_MS = 3 * LAG_PERIOD_MS;
export const LAG_UNKNOWN_AFTER_MS = 10 * LAG_PERIOD_MS;

export const LAG_RANGES = { "15m": 15 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000 } as const;
export const LagRange = z.enum(["15m", "1h", "6h"]);
export type LagRange = z.infer<typeof LagRange>;

/** One stored lag sample: replication into `region` (the secondary) at `at`. */
export const LagPoint = z.object({
  at: z.iso.datetime({ offset: true }),
  region: z.string(),
  replicationLagMs: z.number().nullable(),
  rpoLagMs: z.number().nullable(),
});
export type LagPoint = z.infer<typeof LagPoint>;

/** GET /api/lag?range=… */
export const LagSeries = z.object({
  range: LagRange,
  budgetMs: z.number(),
  points: z.array(LagPoint),
});
export type LagSeries = z.infer<typeof LagSeries>;

/** The last replication lag seen into a region, dated by its CloudWatch datapoint. */
export interface ObservedLag {
  lagMs: number;
  observedAt: string | null;
}

/**
 * The last lag seen into `target` (what an unplanned failover would lose), or null when unknown:
 * the RPO lag where Aurora emits it (it is the data-loss window itself), else replication lag,
 * dated by its CloudWatch datapoint. The proposal form shows it; the server stores it with the
 * data-loss acknowledgement (from its own snapshot, never the browser's figure).
 */
export function lastLagInto(snapshot: Pick<Snapshot, "regions">, target: string): ObservedLag | null {
  const lag = snapshot.regions.find((r) => r.id === target)?.lag;
  if (!lag || lag.status === "unknown") return null;
  const lagMs = lag.value.rpoLagMs ?? lag.value.replicationLagMs;
  return lagMs === null ? null : { lagMs, observedAt: lag.value.datapointAt ?? lag.observedAt };
}
