import type { LagPoint } from "@/lib/lag";

/** Pivots lag samples into chart rows: one row per instant, one column per region and metric. */

export interface LagLine {
  key: string;
  region: string;
  metric: "replication" | "rpo";
  label: string;
}

export type LagRow = { t: number } & Record<string, number | null>;

export function toChartData(points: readonly LagPoint[]): { rows: LagRow[]; lines: LagLine[] } {
  const regions = [...new Set(points.map((p) => p.region))];
  const lines: LagLine[] = regions.flatMap((region) => [
    { key: `${region}:replication`, region, metric: "replication" as const, label: `Replication lag into ${region}` },
    { key: `${region}:rpo`, region, metric: "rpo" as const, label: `RPO lag into ${region}` },
  ]);
  const byTime = new Map<number, LagRow>();
  for (const p of points) {
    const t = Date.parse(p.at);
    if (Number.isNaN(t)) continue;
    const row = byTime.get(t) ?? ({ t } as LagRow);
    row[`${p.region}:replication`] = p.replicationLagMs;
    row[`${p.region}:rpo`] = p.rpoLagMs;
    byTime.set(t, row);
  }
  // Every row carries every column, so a missing sample is an explicit gap (null), not a bridge.
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  for (const row of rows) for (const line of lines) row[line.key] ??= null;
  return { rows, lines };
}

/** The newest sample with a replication lag value, for the text summary next to the chart. */
export function latestSample(points: readonly LagPoint[]): LagPoint | null {
  let latest: LagPoint | null = null;
  for (const p of points) {
    if (p.replicationLagMs === null && p.rpoLagMs === null) continue;
    if (!latest || Date.parse(p.at) > Date.parse(latest.at)) latest = p;
  }
  return latest;
}
