import "server-only";
import type { TimelineEvent } from "@/lib/incidents";
import type { ExportSource } from "./source";

export const CSV_COLUMNS = [
  "at",
  "kind",
  "type",
  "region",
  "severity",
  "actor",
  "title",
  "detail",
  "source_table",
  "source_id",
  "incident_id",
  "audit_head_seq",
  "audit_head_hash",
] as const;

/**
 * One RFC 4180 field. A cell a spreadsheet would run as a formula (starting with = + - @, or a
 * tab or carriage return that some tools strip first) gets a leading apostrophe: the timeline
 * quotes what people and AWS wrote, and a note reading "=HYPERLINK(…)" must stay text.
 */
export function csvCell(value: string | number | null): string {
  let s = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function eventRow(e: TimelineEvent, src: ExportSource): string {
  return csvRow([
    e.at,
    e.kind,
    e.type,
    e.region,
    e.severity,
    e.actor?.name ?? null,
    e.title,
    e.detail,
    e.source.table,
    e.source.id,
    src.incident.id,
    src.head.seq,
    src.head.hash,
  ]);
}

/**
 * One row per event, CRLF line ends, a header row. Every row carries the incident id and the
 * audit head at export time, so a single row pasted elsewhere still says where it came from.
 */
export async function* csvExport(src: ExportSource): AsyncGenerator<string> {
  yield csvRow(CSV_COLUMNS);
  for await (const event of src.events()) yield eventRow(event, src);
}
