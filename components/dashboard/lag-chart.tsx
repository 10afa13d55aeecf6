"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LagSeries } from "@/lib/lag";
import { formatClock, formatMs } from "./format";
import { clipRows, lagScale, timeTicks, toChartData } from "./lag-data";

// Per region: replication solid, RPO dashed — the dash tells them apart without colour.
const COLOURS = [
  { replication: "#0284c7", rpo: "#d97706" },
  { replication: "#7c3aed", rpo: "#db2777" },
];

/**
 * The lag chart: replication and RPO lag per region against the budget line. Round time ticks
 * that never repeat a label; after an outage the axis stops near the budget and the peak is drawn
 * clipped, with its figure in words, so the current lag stays readable. Fixed height.
 */
export function LagChart({ series }: { series: LagSeries }) {
  const { rows: raw, lines } = toChartData(series.points);
  const budget = series.budgetMs;
  const scale = lagScale(raw, lines, budget);
  const rows = scale.clipped ? clipRows(raw, lines, scale.topMs) : raw;
  const regions = [...new Set(lines.map((l) => l.region))];
  const first = raw[0]?.t ?? 0;
  const last = raw.at(-1)?.t ?? first;
  const axis = timeTicks(first, last);
  return (
    <div className="flex flex-col gap-1">
      {scale.clipped ? (
        <p className="text-sm font-semibold" data-testid="lag-clipped">
          ↑ Peak {formatMs(scale.clipped.peakMs)} drawn clipped at {formatMs(scale.topMs)}, so the current lag stays readable.
        </p>
      ) : null}
      <div className="h-72 w-full text-slate-600 dark:text-slate-300" data-testid="lag-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="t" type="number" scale="time" domain={[first, last]} ticks={axis.ticks} tickFormatter={axis.label} stroke="currentColor" tick={{ fill: "currentColor" }} />
            <YAxis width={72} domain={[0, scale.topMs]} allowDataOverflow tickFormatter={(v: number) => formatMs(v)} stroke="currentColor" tick={{ fill: "currentColor" }} />
            <Tooltip
              formatter={(value, _name, item) => {
                const rawValue: unknown = item.payload?.[`raw:${String(item.dataKey)}`];
                const shown = typeof rawValue === "number" ? rawValue : value;
                return typeof shown === "number" ? formatMs(shown) : "no sample";
              }}
              labelFormatter={(label) => (typeof label === "number" ? formatClock(label) : label)}
              contentStyle={{ color: "#0f172a" }}
            />
            {/* The legend's words in the text colour (the line colours alone are too faint to read as text); the swatch keeps the colour. */}
            <Legend formatter={(value: string) => <span className="text-slate-800 dark:text-slate-100">{value}</span>} />
            <ReferenceLine
              y={budget}
              stroke="#dc2626"
              strokeWidth={2}
              strokeDasharray="2 4"
              ifOverflow="extendDomain"
              label={{ value: `budget ${formatMs(budget)}`, position: "insideTopLeft", fill: "#b91c1c" }}
            />
            {scale.clipped ? <ReferenceLine y={scale.topMs} stroke="currentColor" strokeDasharray="8 4" label={{ value: `clipped: peak ${formatMs(scale.clipped.peakMs)}`, position: "insideTopRight", fill: "currentColor" }} /> : null}
            {lines.map((line) => {
              const colours = COLOURS[regions.indexOf(line.region) % COLOURS.length];
              return (
                <Line
                  key={line.key}
                  dataKey={line.key}
                  name={line.label}
                  type="linear"
                  stroke={colours?.[line.metric]}
                  strokeWidth={2}
                  strokeDasharray={line.metric === "rpo" ? "6 3" : undefined}
                  dot={false}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
