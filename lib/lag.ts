import { z } from "zod";

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
