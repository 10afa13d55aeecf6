import "server-only";
import type { ExportFormat, PaperSize } from "@/lib/incidents";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { csvExport } from "./csv";
import { jsonExport } from "./json";
import { markdownExport } from "./markdown";
import { pdfExport } from "./pdf/layout";
import { prepareExport, type ExportOptions, type ExportSource } from "./source";
import { chunked } from "./stream";

export { incidentFigures, prepareExport, type ExportOptions, type ExportSource } from "./source";
export { toReadableStream } from "./stream";

export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  md: "text/markdown; charset=utf-8",
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
  pdf: "application/pdf",
};

export interface IncidentExportFile {
  format: ExportFormat;
  contentType: string;
  /** incident-<date>-<title>-<id8>.<ext>: sortable, readable, unique, safe in any file system. */
  filename: string;
  source: ExportSource;
  /** The file, in chunks of about 64 KB, produced as they are read. */
  body: AsyncGenerator<Uint8Array>;
}

export function exportFilename(source: ExportSource, format: ExportFormat): string {
  const slug = source.incident.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40)
    .replace(/-$/, "");
  const date = source.incident.startedAt.slice(0, 10);
  return `incident-${date}-${slug || "untitled"}-${source.incident.id.slice(0, 8)}.${format}`;
}

export function render(source: ExportSource, format: ExportFormat, paper: PaperSize = "a4"): AsyncGenerator<Uint8Array> {
  switch (format) {
    case "md":
      return chunked(markdownExport(source));
    case "json":
      return chunked(jsonExport(source));
    case "csv":
      return chunked(csvExport(source));
    case "pdf":
      return pdfExport(source, paper);
  }
}

/** Reads the incident, the audit head and the figures now; the events are read as the body is consumed. */
export async function exportIncident(db: Db, clock: Clock, id: string, format: ExportFormat, opts: ExportOptions & { paper?: PaperSize }): Promise<IncidentExportFile> {
  const source = await prepareExport(db, clock, id, opts);
  return { format, contentType: CONTENT_TYPES[format], filename: exportFilename(source, format), source, body: render(source, format, opts.paper) };
}
