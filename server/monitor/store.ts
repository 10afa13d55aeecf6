import "server-only";
import { lt, sql } from "drizzle-orm";
import { CONSOLE_OBSERVATION_KIND } from "@/lib/incidents";
import { LAG_RANGES, type LagPoint, type LagRange } from "@/lib/lag";
import { queryRows, tables, type Db } from "@/server/db";
import type { Stall } from "./stall";
import type { Transition } from "./transitions";

/** One stall of the console's own event loop, stamped when it ended (region null: no region did anything). */
export async function recordConsoleStall(db: Db, stall: Stall, thresholdMs: number): Promise<void> {
  await db.insert(tables.observations).values({
    at: stall.to,
    region: null,
    kind: CONSOLE_OBSERVATION_KIND,
    subject: "event loop",
    fromValue: null,
    toValue: "stalled",
    detail: { stalledMs: stall.wallMs, from: stall.from.toISOString(), to: stall.to.toISOString(), thresholdMs },
  });
}

export async function recordTransitions(db: Db, at: Date, transitions: readonly Transition[]): Promise<void> {
  if (transitions.length === 0) return;
  await db.insert(tables.observations).values(
    transitions.map((t) => ({ at, region: t.region, kind: t.kind, subject: t.subject, fromValue: t.from, toValue: t.to, detail: t.detail })),
  );
}

export async function recordLagSample(db: Db, region: string, at: Date, replicationLagMs: number | null, rpoLagMs: number | null): Promise<void> {
  await db.insert(tables.lagSamples).values({ region, at, replicationLagMs, rpoLagMs }).onConflictDoNothing();
}

export async function pruneLagSamples(db: Db, olderThan: Date): Promise<void> {
  await db.delete(tables.lagSamples).where(lt(tables.lagSamples.at, olderThan));
}

// About 300 points per series whatever the range: the chart needs shape, not every sample.
const POINTS_PER_SERIES = 300;

/** Lag samples in the range, bucketed; each bucket keeps its peak (the number that matters for RPO). */
export async function lagSeries(db: Db, now: Date, range: LagRange): Promise<LagPoint[]> {
  const span = LAG_RANGES[range];
  const bucketMs = Math.max(1000, Math.ceil(span / POINTS_PER_SERIES));
  const since = new Date(now.getTime() - span);
  const rows = await queryRows<{ region: string; bucket: string; lag: number | null; rpo: number | null }>(
    db,
    sql`SELECT region,
               (floor(extract(epoch FROM at) * 1000 / ${bucketMs}) * ${bucketMs})::bigint AS bucket,
               max(replication_lag_ms) AS lag,
               max(rpo_lag_ms) AS rpo
        FROM lag_samples
        WHERE at >= ${since.toISOString()}
        GROUP BY region, bucket
        ORDER BY bucket, region`,
  );
  return rows.map((r) => ({
    region: r.region,
    at: new Date(Number(r.bucket)).toISOString(),
    replicationLagMs: r.lag === null ? null : Number(r.lag),
    rpoLagMs: r.rpo === null ? null : Number(r.rpo),
  }));
}
