import "server-only";
import type { DoctorReport } from "./doctor";

/** The doctor's output: an aligned table for people, JSON for scripts. */
const HEADERS = ["region", "service", "check", "result", "latency ms", "detail"] as const;

export function summaryLine(report: DoctorReport): string {
  const notRun = report.notRun > 0 ? ` (${report.notRun} not run: their region's credentials did not resolve)` : "";
  const warned = report.warned > 0 ? `, ${report.warned} warning${report.warned > 1 ? "s" : ""}` : "";
  return `${report.checks} checks, ${report.failed} failed${warned}${notRun}`;
}

export function formatDoctorTable(report: DoctorReport): string {
  const rows = report.rows.map((r) => [
    r.region,
    r.service,
    r.check,
    r.result,
    r.latencyMs === null ? "-" : String(r.latencyMs),
    r.detail,
  ]);
  const all = [[...HEADERS], ...rows];
  const widths = HEADERS.map((_, col) => Math.max(...all.map((cells) => (cells[col] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, col) => {
        if (col === cells.length - 1) return cell; // the detail runs on; padding it would only add trailing spaces
        const width = widths[col] ?? 0;
        return col === 4 ? cell.padStart(width) : cell.padEnd(width); // latencies right-aligned, to compare at a glance
      })
      .join("  ");
  const rule = widths.map((w, col) => "-".repeat(col === HEADERS.length - 1 ? Math.min(w, 40) : w)).join("  ");
  return [line(HEADERS), rule, ...rows.map(line), "", summaryLine(report), ""].join("\n");
}

export function formatDoctorJson(report: DoctorReport): string {
  const { file, application, rows, checks, failed, warned, notRun } = report;
  return `${JSON.stringify({ file, application, checks: rows, summary: { checks, failed, warned, notRun, line: summaryLine(report) } }, null, 2)}\n`;
}
