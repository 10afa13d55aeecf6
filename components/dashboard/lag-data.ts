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

const TICK_STEPS_MS = [10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000];

/**
 * Time-axis ticks at round instants, at most `max` of them, with a label format fine enough that no
 * two read the same ("07:05" twice was what the chart showed when it let the library pick).
 */
export function timeTicks(from: number, to: number, max = 6): { ticks: number[]; label: (t: number) => string } {
  const span = Math.max(0, to - from);
  const step = TICK_STEPS_MS.find((s) => span / s <= max) ?? Math.ceil(span / max / 3_600_000) * 3_600_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  const seconds = step < 60_000;
  return { ticks, label: (t) => new Date(t).toISOString().slice(11, seconds ? 19 : 16) };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0);
};

/**
 * The y axis's top, and whether the chart clips. One spike (an outage's 45 s) would flatten
 * everything else against zero, the current lag included: when the peak is far above the budget,
 * the latest value and the typical one, the axis stops at 1.5× the largest of those and the
 * peak is drawn clipped at the top, with its figure said in words.
 */
export function lagScale(rows: readonly LagRow[], lines: readonly LagLine[], budgetMs: number): { topMs: number; clipped: { peakMs: number } | null } {
  const values = rows.flatMap((r) => lines.map((l) => r[l.key])).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const peak = Math.max(0, ...values);
  const last = rows.at(-1);
  const latest = last ? Math.max(0, ...lines.map((l) => last[l.key]).filter((v): v is number => typeof v === "number")) : 0;
  const topMs = Math.max(budgetMs, latest * 1.2, median(values)) * 1.5;
  if (peak <= topMs * 1.5) return { topMs: Math.max(peak, budgetMs) * 1.1, clipped: null };
  return { topMs, clipped: { peakMs: peak } };
}

/** Rows with values above `topMs` drawn at the top (the raw value stays under `raw:<key>` for the tooltip). */
export function clipRows(rows: readonly LagRow[], lines: readonly LagLine[], topMs: number): LagRow[] {
  return rows.map((row) => {
    const out: LagRow = { ...row };
    for (const l of lines) {
      const v = row[l.key];
      out[`raw:${l.key}`] = v ?? null;
      out[l.key] = typeof v === "number" && v > topMs ? topMs : (v ?? null);
    }
    return out;
  });
}
