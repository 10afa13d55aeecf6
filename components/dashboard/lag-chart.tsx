"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LagSeries } from "@/lib/lag";
import { formatAxisTime, formatClock, formatMs } from "./format";
import { toChartData } from "./lag-data";

// Per region: replication solid, RPO dashed — the dash tells them apart without colour.
const COLOURS = [
  { replication: "#0284c7", rpo: "#d97706" },
  { replication: "#7c3aed", rpo: "#db2777" },
];

/** The lag chart: replication and RPO lag per region against the budget line. Fixed height. */
export function LagChart({ series }: { series: LagSeries }) {
  const { rows, lines } = toChartData(series.points);
  const budget = series.budgetMs;
  const regions = [...new Set(lines.map((l) => l.region))];
  return (
    <div className="h-72 w-full text-slate-600 dark:text-slate-300" data-testid="lag-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={formatAxisTime}
            stroke="currentColor"
            tick={{ fill: "currentColor" }}
          />
          <YAxis
            width={72}
            domain={[0, (dataMax: number) => Math.max(dataMax, budget) * 1.1]}
            tickFormatter={(v: number) => formatMs(v)}
            stroke="currentColor"
            tick={{ fill: "currentColor" }}
          />
          <Tooltip
            formatter={(value) => (typeof value === "number" ? formatMs(value) : "no sample")}
            labelFormatter={(label) => (typeof label === "number" ? formatClock(label) : label)}
            contentStyle={{ color: "#0f172a" }}
          />
          <Legend />
          <ReferenceLine
            y={budget}
            stroke="#dc2626"
            strokeWidth={2}
            strokeDasharray="2 4"
            ifOverflow="extendDomain"
            label={{ value: `budget ${formatMs(budget)}`, position: "insideTopLeft", fill: "#dc2626" }}
          />
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
  );
}
