import "server-only";
import type { LagChartData } from "../lag";
import { MUTED, type PageContent, RULE, rgbOf, type Rgb } from "./page";

const SERIES_COLORS: readonly Rgb[] = [rgbOf(0.12, 0.47, 0.71), rgbOf(0.85, 0.37, 0.01)];
const BUDGET = rgbOf(0.8, 0.1, 0.1);

/** A round ceiling for the y axis: 1, 2 or 5 times a power of ten. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export interface ChartBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The replication lag into each region over the incident window (peak per bucket), with the lag
 * budget and the incident's start and end marked. A gap of more than three buckets breaks the line:
 * no samples is not zero lag.
 */
export function drawLagChart(page: PageContent, box: ChartBox, data: LagChartData, budgetMs: number, marks: { at: number; label: string }[]): void {
  const { x, y, w, h } = box;
  page.rect(x, y, w, h);
  const values = data.series.flatMap((s) => s.points.map(([, v]) => v ?? 0));
  const yMax = niceCeil(Math.max(budgetMs * 1.25, ...values.map((v) => v * 1.1), 1));
  const span = Math.max(1, data.to - data.from);
  const px = (t: number) => x + ((t - data.from) / span) * w;
  const py = (v: number) => y + (Math.min(v, yMax) / yMax) * h;

  for (let i = 1; i <= 4; i++) {
    const v = (yMax * i) / 4;
    page.line(x, py(v), x + w, py(v), RULE, 0.3, [1, 2]);
    page.text(x + 2, py(v) - 7, "mono", 6, `${v.toLocaleString("en-US")} ms`, MUTED);
  }
  page.line(x, py(budgetMs), x + w, py(budgetMs), BUDGET, 0.8, [4, 2]);
  page.text(x + w - 90, py(budgetMs) + 2, "mono", 6, `budget ${budgetMs.toLocaleString("en-US")} ms`, BUDGET);
  for (const mark of marks) {
    if (mark.at < data.from || mark.at > data.to) continue;
    page.line(px(mark.at), y, px(mark.at), y + h, MUTED, 0.5, [2, 2]);
    // Labels go right of their line, unless that would leave the box.
    const right = px(mark.at) + 2 + mark.label.length * 3.6 <= x + w;
    page.text(right ? px(mark.at) + 2 : px(mark.at) - 2 - mark.label.length * 3.6, y + h - 8, "mono", 6, mark.label, MUTED);
  }
  data.series.forEach((series, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length] ?? MUTED;
    const paths: [number, number][][] = [];
    let current: [number, number][] = [];
    let prev: number | null = null;
    for (const [t, v] of series.points) {
      if (v === null || (prev !== null && t - prev > data.bucketMs * 3)) {
        if (current.length) paths.push(current);
        current = [];
      }
      if (v !== null) current.push([px(t + data.bucketMs / 2), py(v)]);
      prev = t;
    }
    if (current.length) paths.push(current);
    page.polyline(paths, color, 0.9);
    page.line(x + 8 + i * 110, y - 20, x + 22 + i * 110, y - 20, color, 1.5);
    page.text(x + 26 + i * 110, y - 22, "mono", 7, `lag into ${series.region}`);
  });
  if (data.series.length === 0) page.text(x + w / 2 - 110, y + h / 2, "regular", 9, "No lag samples were recorded in this window.", MUTED);
  page.text(x, y - 9, "mono", 6, hhmmss(data.from), MUTED);
  page.text(x + w / 2 - 12, y - 9, "mono", 6, hhmmss(data.from + span / 2), MUTED);
  page.text(x + w - 24, y - 9, "mono", 6, hhmmss(data.to), MUTED);
}
