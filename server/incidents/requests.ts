import "server-only";
import { z } from "zod";
import { EXPORT_FORMATS, ExportFormat, IncidentStatus, PaperSize, TimelineQuery, type TimelinePage } from "@/lib/incidents";
import type { Clock } from "@/server/clock";
import { RoutingConfig, type ConsoleConfig } from "@/server/config";
import type { Db } from "@/server/db";
import { invalidInput, ServiceError } from "@/server/errors";
import { exportIncident, toReadableStream, type ExportOptions } from "./export";
import { getIncident } from "./rows";
import { timelinePage } from "./timeline";

/** What the routes need from the runtime. */
export interface IncidentDeps {
  db: Db;
  clock: Clock;
  config: ConsoleConfig;
}

// Sim configs may have no routing section; the figures then use the schema's default TTL.
const DEFAULT_DNS_TTL_SECONDS = RoutingConfig.shape.dnsTtlSeconds.parse(undefined);

export function exportOptions(config: ConsoleConfig): ExportOptions {
  return { dnsTtlSeconds: config.routing?.dnsTtlSeconds ?? DEFAULT_DNS_TTL_SECONDS, lagBudgetMs: config.replication.lagBudgetMs };
}

const query = (params: URLSearchParams) => Object.fromEntries(params);

export const IncidentListQuery = z.strictObject({
  status: IncidentStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export function parseListQuery(params: URLSearchParams): z.infer<typeof IncidentListQuery> {
  const parsed = IncidentListQuery.safeParse(query(params));
  if (!parsed.success) throw invalidInput(parsed.error, "query string");
  return parsed.data;
}

export function parseExportQuery(params: URLSearchParams): { format: ExportFormat; paper: PaperSize } {
  const expected = `expected ${EXPORT_FORMATS.slice(0, -1).join(", ")} or ${EXPORT_FORMATS.at(-1)}`;
  const raw = params.get("format");
  if (raw === null) throw new ServiceError("invalid", `query parameter format is required: ${expected}`);
  const format = ExportFormat.safeParse(raw);
  if (!format.success) throw new ServiceError("invalid", `unknown export format "${raw}": ${expected}`, { field: "format" });
  const paper = PaperSize.safeParse(params.get("paper") ?? "a4");
  if (!paper.success) throw new ServiceError("invalid", `unknown paper size "${params.get("paper")}": expected a4 or letter`, { field: "paper" });
  return { format: format.data, paper: paper.data };
}

/** GET /api/incidents/:id/timeline */
export async function timelineResponse(deps: IncidentDeps, id: string, params: URLSearchParams): Promise<TimelinePage> {
  const parsed = TimelineQuery.safeParse(query(params));
  if (!parsed.success) throw invalidInput(parsed.error, "query string");
  const incident = await getIncident(deps.db, id);
  return timelinePage(deps.db, incident, parsed.data, deps.clock.now());
}

/**
 * GET /api/incidents/:id/export?format=md|json|csv|pdf[&paper=a4|letter]: the file streams as
 * the client reads it. The audit head it carries is in the headers too, for scripts.
 */
export async function exportResponse(deps: IncidentDeps, id: string, params: URLSearchParams): Promise<Response> {
  const { format, paper } = parseExportQuery(params);
  const file = await exportIncident(deps.db, deps.clock, id, format, { ...exportOptions(deps.config), paper });
  return new Response(toReadableStream(file.body), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
      "x-audit-head-seq": String(file.source.head.seq),
      "x-audit-head-hash": file.source.head.hash,
    },
  });
}
