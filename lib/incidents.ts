import { z } from "zod";
import { formatDuration as formatOneDuration } from "./duration";
import { Severity } from "./findings";

/**
 * Incidents, their timeline and recovery figures, and the export format: shared by the server
 * (which stores, merges and exports them) and the browser (which shows them live).
 */

const Timestamp = z.iso.datetime({ offset: true });

export const INCIDENT_SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;
export const IncidentSeverity = z.enum(INCIDENT_SEVERITIES);
export type IncidentSeverity = z.infer<typeof IncidentSeverity>;

export const IncidentStatus = z.enum(["open", "closed"]);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** A user as the record names them: id plus display name at the time. `system` for the console itself. */
export const Person = z.object({ id: z.string(), name: z.string() });
export type Person = z.infer<typeof Person>;

/** The critical finding that opened an incident automatically. */
export const IncidentTrigger = z.object({
  findingId: z.string(),
  kind: z.string(),
  region: z.string().nullable(),
  title: z.string(),
});
export type IncidentTrigger = z.infer<typeof IncidentTrigger>;

export const Incident = z.object({
  id: z.string(),
  title: z.string(),
  severity: IncidentSeverity,
  /** Who runs the incident. An automatically opened incident starts with `system` until someone takes command. */
  commander: Person,
  status: IncidentStatus,
  startedAt: Timestamp,
  /** Set when closed; null while open. */
  endedAt: Timestamp.nullable(),
  declaredBy: Person,
  /** Opened by the console on a critical finding (`trigger` says which), not by a person. */
  auto: z.boolean(),
  trigger: IncidentTrigger.nullable(),
  /** What the closer wrote about how it ended. */
  resolution: z.string().nullable(),
});
export type Incident = z.infer<typeof Incident>;

const Title = z.string().trim().min(3, "give the incident a title of at least 3 characters").max(200);

/** POST /api/incidents. The commander defaults to the declaring operator. */
export const IncidentInput = z.strictObject({
  title: Title,
  severity: IncidentSeverity.default("sev2"),
  commanderId: z.string().min(1).optional(),
});
export type IncidentInput = z.input<typeof IncidentInput>;

/** PATCH /api/incidents/:id: take command, change severity or title. At least one field. */
export const IncidentUpdate = z
  .strictObject({ title: Title.optional(), severity: IncidentSeverity.optional(), commanderId: z.string().min(1).optional() })
  .refine((u) => u.title !== undefined || u.severity !== undefined || u.commanderId !== undefined, {
    message: "change at least one of title, severity, commanderId",
  });
export type IncidentUpdate = z.infer<typeof IncidentUpdate>;

/** POST /api/incidents/:id/close (the body is optional). */
export const CloseInput = z.strictObject({ resolution: z.string().trim().min(1).max(4000).optional() });
export type CloseInput = z.infer<typeof CloseInput>;

export const NoteInput = z.strictObject({ text: z.string().trim().min(1, "a note cannot be empty").max(4000) });
export type NoteInput = z.infer<typeof NoteInput>;

export const Note = z.object({ id: z.string(), incidentId: z.string(), at: Timestamp, author: Person, text: z.string() });
export type Note = z.infer<typeof Note>;

/** GET /api/incidents/:id */
export const IncidentDetail = z.object({ incident: Incident, notes: z.array(Note) });
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** `console`: the console's own trouble (its event loop stalled) — shown on the timeline, never a fact about a region nor an impact. */
export const TIMELINE_KINDS = ["signal", "finding", "audit", "note", "console"] as const;
/** The `observations.kind` of the console's own events (the monitor writes them, the timeline reads them). */
export const CONSOLE_OBSERVATION_KIND = "console";
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** Where an event came from: the table and the row's key (observation id, audit seq, note id). */
export const SOURCE_TABLES = ["observations", "audit", "incident_notes"] as const;
export const EventSource = z.object({ table: z.enum(SOURCE_TABLES), id: z.string() });
export type EventSource = z.infer<typeof EventSource>;

/**
 * One line of the timeline. `type` is the row's own kind: the observation kind (health, routing,
 * writer, authority, lag-budget, fault, control-plane, signal, finding), the audit action
 * (proposal.created, run.step_succeeded…) or "note". `data` carries the row's raw fields (the
 * observation's subject/from/to/detail, the audit payload), so figures and readers need nothing else.
 */
export const TimelineEvent = z.object({
  at: Timestamp,
  kind: TimelineKind,
  type: z.string(),
  region: z.string().nullable(),
  severity: Severity.nullable(),
  title: z.string(),
  detail: z.string(),
  actor: Person.nullable(),
  source: EventSource,
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

/** Opaque keyset cursor over the merged timeline: time, source rank and row key. */
export const TimelineCursor = z.string().regex(/^\d{1,15}\.[0-2]\.\d{1,19}$/, "not a timeline cursor (use nextCursor from the previous page)");

/** A comma-separated list in a query string (`kind=signal,finding`), or repeated parameters. */
function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v),
    z.array(item).min(1),
  );
}

/** GET /api/incidents/:id/timeline?kind=&region=&severity=&after=&limit= (filters combine with AND). */
export const TimelineQuery = z.strictObject({
  kind: listOf(TimelineKind).optional(),
  region: z.string().trim().min(1).optional(),
  /** Events without a severity (notes) are left out when this is set. */
  severity: listOf(Severity).optional(),
  after: TimelineCursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

export const TimelinePage = z.object({
  events: z.array(TimelineEvent),
  /**
   * The position after the last event returned (or the `after` given, when none were): pass it as
   * `after` for the next page — and, while the incident is open, to poll for what happened since.
   */
  nextCursor: TimelineCursor.nullable(),
  /** True when the page is full: ask again with nextCursor for more. */
  more: z.boolean(),
  window: z.object({ from: Timestamp, to: Timestamp }),
});
export type TimelinePage = z.infer<typeof TimelinePage>;

/** Merge order at equal times: observations, then audit records, then notes (then by row key). */
export const SOURCE_RANK: Readonly<Record<EventSource["table"], 0 | 1 | 2>> = { observations: 0, audit: 1, incident_notes: 2 };

/** The keyset position of one event, for `after`. */
export function eventCursor(event: Pick<TimelineEvent, "at" | "source">): string {
  return `${Date.parse(event.at)}.${SOURCE_RANK[event.source.table]}.${event.source.id}`;
}

/** An event a figure was computed from: enough to find it in the timeline. */
export const EventRef = z.object({ table: z.enum(SOURCE_TABLES), id: z.string(), at: Timestamp });
export type EventRef = z.infer<typeof EventRef>;

/** A moment (first impact, detection). `at` is null, with the reason in `explanation`, when the records do not show it. */
export const MomentFigure = z.object({
  kind: z.literal("moment"),
  label: z.string(),
  at: Timestamp.nullable(),
  refs: z.array(EventRef),
  explanation: z.string(),
});
export type MomentFigure = z.infer<typeof MomentFigure>;

/** A span in milliseconds, and the moment it ends. `ms` is null, with the reason, when a piece is missing. */
export const DurationFigure = z.object({
  kind: z.literal("duration"),
  label: z.string(),
  ms: z.number().nonnegative().nullable(),
  endsAt: Timestamp.nullable(),
  refs: z.array(EventRef),
  explanation: z.string(),
});
export type DurationFigure = z.infer<typeof DurationFigure>;

export const RecoveryFigures = z.object({
  firstImpact: MomentFigure,
  detected: MomentFigure,
  timeToDetect: DurationFigure,
  timeToDecide: DurationFigure,
  timeToRecover: DurationFigure,
  dataLoss: DurationFigure,
  dnsWindow: DurationFigure,
  timeToFailback: DurationFigure,
});
export type RecoveryFigures = z.infer<typeof RecoveryFigures>;
export type FigureName = keyof RecoveryFigures;
export const FIGURE_ORDER: readonly FigureName[] = [
  "firstImpact",
  "detected",
  "timeToDetect",
  "timeToDecide",
  "timeToRecover",
  "dataLoss",
  "dnsWindow",
  "timeToFailback",
];

export const EXPORT_FORMATS = ["md", "json", "csv", "pdf"] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const PaperSize = z.enum(["a4", "letter"]);
export type PaperSize = z.infer<typeof PaperSize>;

/** The audit chain's head when the export was made: compare with `npm run audit:verify`. */
export const AuditHead = z.object({ seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/) });
export type AuditHead = z.infer<typeof AuditHead>;

export const EXPORT_SCHEMA_VERSION = 1;

/** The JSON export (documented in server/incidents/README.md). Bump schemaVersion on any breaking change. */
export const IncidentExport = z.object({
  schemaVersion: z.literal(EXPORT_SCHEMA_VERSION),
  exportedAt: Timestamp,
  auditHead: AuditHead,
  incident: Incident,
  window: z.object({ from: Timestamp, to: Timestamp, leadMs: z.number().int().nonnegative() }),
  figures: RecoveryFigures,
  events: z.array(TimelineEvent),
  eventCount: z.number().int().nonnegative(),
});
export type IncidentExport = z.infer<typeof IncidentExport>;

/** Figures as people read them: the console's one duration format (lib/duration.ts), "—" when there is none. */
export function formatDuration(ms: number | null): string {
  return formatOneDuration(ms, "—");
}

/** `2026-03-01 12:00:05.250 UTC` from an ISO time in UTC (`…Z`): how the screen and the exports write an instant. */
export const utcText = (iso: string) => iso.replace("T", " ").replace("Z", " UTC");

/** A figure's value as people read it, the same on screen and in every export: `2026-03-01 12:00:05.250 UTC`, `3 min 30 s`, or "—". */
export function figureValue(f: MomentFigure | DurationFigure): string {
  if (f.kind === "moment") return f.at === null ? "—" : utcText(f.at);
  return formatDuration(f.ms);
}
