"use client";

import type { LagRange } from "@/lib/lag";
import { formatClock, formatMs } from "./format";
import { LagChart } from "./lag-chart";
import { latestSample } from "./lag-data";
import { RangeSelector } from "./range-selector";
import { useLag } from "./use-lag";

/** Replication lag over time, with the range in the URL (the parent owns it). */
export function LagPanel({ range, onRangeChange, budgetMs }: { range: LagRange; onRangeChange: (r: LagRange) => void; budgetMs: number }) {
  const lag = useLag(range);
  const series = lag.data;
  const latest = series ? latestSample(series.points) : null;
  return (
    <section aria-label="Replication lag" className="flex min-w-0 flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-xl font-bold">Replication lag</h2>
        <RangeSelector value={range} onChange={onRangeChange} />
      </div>
      <p className="text-sm" data-testid="lag-summary">
        Budget {formatMs(series?.budgetMs ?? budgetMs)}.{" "}
        {latest
          ? `Latest into ${latest.region} at ${formatClock(latest.at)}: replication ${formatMs(latest.replicationLagMs)}, RPO ${formatMs(latest.rpoLagMs)}.`
          : series
            ? `No lag samples in the last ${range}.`
            : null}
      </p>
      {lag.isError ? (
        <p role="alert" className="text-sm font-medium text-red-800 dark:text-red-300">
          Could not load lag samples: {lag.error.message}
        </p>
      ) : null}
      {series ? (
        <LagChart series={series} />
      ) : (
        <div className="flex h-72 items-center justify-center text-slate-600" data-testid="lag-chart">
          {lag.isError ? "No chart" : "Loading lag samples…"}
        </div>
      )}
      {lag.isPlaceholderData ? <p className="text-xs text-slate-600">Loading the {range} range…</p> : null}
    </section>
  );
}
