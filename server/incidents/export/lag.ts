import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/server/db";

export interface LagChartSeries {
  region: string;
  /** [bucket start ms, peak replication lag ms or null], in time order. */
  points: [number, number | null][];
}

export interface LagChartData {
  from: number;
  to: number;
  bucketMs: number;
  series: LagChartSeries[];
}

// Enough for a printed chart's width; the peak per bucket keeps every spike visible.
const BUCKETS = 400;

/** Both regions' stored lag samples over the window, bucketed to their peaks: at most ~800 rows whatever the window. */
export async function lagChartData(db: Db, from: Date, to: Date): Promise<LagChartData> {
  const span = Math.max(1, to.getTime() - from.getTime());
  const bucketMs = Math.max(1000, Math.ceil(span / BUCKETS));
  const rows = await queryRows<{ region: string; bucket: string | number; lag: number | string | null }>(
    db,
    sql`SELECT region,
               (floor(extract(epoch FROM at) * 1000 / ${bucketMs}) * ${bucketMs})::bigint AS bucket,
               max(replication_lag_ms) AS lag
        FROM lag_samples
        WHERE at >= ${from.toISOString()} AND at <= ${to.toISOString()}
        GROUP BY region, bucket
        ORDER BY region, bucket`,
  );
  const byRegion = new Map<string, [number, number | null][]>();
  for (const r of rows) {
    const points = byRegion.get(r.region) ?? [];
    points.push([Number(r.bucket), r.lag === null ? null : Number(r.lag)]);
    byRegion.set(r.region, points);
  }
  return { from: from.getTime(), to: to.getTime(), bucketMs, series: [...byRegion].map(([region, points]) => ({ region, points })) };
}
