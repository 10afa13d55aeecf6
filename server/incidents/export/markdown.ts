import "server-only";
import { FIGURE_ORDER, figureValue, formatDuration, utcText, type RecoveryFigures, type TimelineEvent } from "@/lib/incidents";
import { describeLead } from "../timeline";
import type { ExportSource } from "./source";

/**
 * User text (titles, notes, reasons, names) as inert Markdown, for table cells and one-line
 * headings: no pipes or line endings (CR alone is one too) that would end the cell, no raw HTML or
 * character references, and no brackets — so no link, image or reference definition, whatever the
 * scheme: a `javascript:` link or a remote image (a tracking pixel fetched when the postmortem is
 * viewed) stays readable text. Backslashes first, so a user's `\[` cannot cancel the escape.
 */
export function mdCell(s: string): string {
  return s
    .replace(/\\/g, "\\\\")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[[\]|]/g, (c) => `\\${c}`)
    .replace(/\r\n?|\n/g, "<br>");
}

const utc = (iso: string | null) => (iso === null ? "—" : utcText(iso));

function eventLine(e: TimelineEvent): string {
  const text = e.detail ? `**${mdCell(e.title)}** — ${mdCell(e.detail)}` : `**${mdCell(e.title)}**`;
  return `| ${utc(e.at)} | ${e.kind} | ${mdCell(e.region ?? "")} | ${e.severity ?? ""} | ${text} | ${e.source.table} ${e.source.id} |\n`;
}

function header(src: ExportSource, figures: RecoveryFigures): string {
  const i = src.incident;
  const duration = i.endedAt ? formatDuration(Date.parse(i.endedAt) - Date.parse(i.startedAt)) : "still open";
  const how = i.auto ? `opened automatically on a critical finding (${mdCell(i.trigger?.title ?? "?")})` : `declared by ${mdCell(i.declaredBy.name)}`;
  return [
    `# Postmortem: ${mdCell(i.title)}`,
    "",
    `> Exported ${utc(src.exportedAt.toISOString())} from the Failover Console. Audit chain head at export: **seq ${src.head.seq}**, hash \`${src.head.hash}\` — compare with \`npm run audit:verify\`.`,
    "",
    "| Severity | Commander | Started | Ended | Duration | Opened |",
    "| --- | --- | --- | --- | --- | --- |",
    `| ${i.severity} | ${mdCell(i.commander.name)} | ${utc(i.startedAt)} | ${utc(i.endedAt)} | ${duration} | ${how} |`,
    "",
    "## Summary",
    "",
    i.resolution ? `Resolution (from the close): ${mdCell(i.resolution)}` : "",
    "",
    "_What happened, in two or three sentences: the trigger, the decision, the outcome._",
    "",
    "## Impact",
    "",
    `- First impact signal: ${figureValue(figures.firstImpact)}`,
    `- Time to recover (RTO): ${figureValue(figures.timeToRecover)}`,
    `- Data-loss window (RPO): ${figureValue(figures.dataLoss)}`,
    "",
    "_Who was affected, how, and for how long. Requests failed, writes lost, customers told._",
    "",
  ].join("\n");
}

function figuresTable(figures: RecoveryFigures): string {
  const rows = FIGURE_ORDER.map((name) => {
    const f = figures[name];
    const refs = f.refs.map((r) => `${r.table} ${r.id}`).join(", ") || "—";
    return `| ${f.label} | ${figureValue(f)} | ${mdCell(f.explanation)} | ${refs} |`;
  });
  return ["## Recovery figures", "", "| Figure | Value | How | Records |", "| --- | --- | --- | --- |", ...rows, ""].join("\n");
}

/**
 * The postmortem skeleton: the facts filled in (header, figures, the whole timeline), the
 * judgement left as placeholders under the usual headings. Streams the timeline table row by row.
 */
export async function* markdownExport(src: ExportSource): AsyncGenerator<string> {
  const figures = await src.figures();
  yield `${header(src, figures)}\n`;
  yield `${figuresTable(figures)}\n`;
  yield "## Timeline\n\n";
  yield `From ${utc(src.window.from.toISOString())} (${describeLead(src.window, src.incident.startedAt)}, so the first symptoms are in it) to ${utc(src.window.to.toISOString())}. Sources: signal transitions and findings (\`observations\`), decisions and run steps (\`audit\`, by seq), notes (\`incident_notes\`).\n\n`;
  yield "| Time (UTC) | Kind | Region | Severity | Event | Record |\n| --- | --- | --- | --- | --- | --- |\n";
  let n = 0;
  for await (const event of src.events()) {
    yield eventLine(event);
    n += 1;
  }
  if (n === 0) yield "| — | | | | _no events in the window_ | |\n";
  yield [
    "",
    "## What went well",
    "",
    "- _…_",
    "",
    "## What went badly",
    "",
    "- _…_",
    "",
    "## Action items",
    "",
    "| Action | Owner | Due |",
    "| --- | --- | --- |",
    "| _…_ | _…_ | _…_ |",
    "",
  ].join("\n");
}
