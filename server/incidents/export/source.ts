import "server-only";
import { and, gte, lte } from "drizzle-orm";
import type { AuditHead, Incident, RecoveryFigures, TimelineEvent } from "@/lib/incidents";
import type { Clock } from "@/server/clock";
import { readHead } from "@/server/audit/rows";
import { tables, type Db } from "@/server/db";
import { FigureCollector } from "../figures";
import { getIncident } from "../rows";
import { incidentWindow, scanTimeline, type TimelineWindow } from "../timeline";
import { lagChartData, type LagChartData } from "./lag";

export interface ExportOptions {
  /** routing.dnsTtlSeconds from the config (its default when the config has none). */
  dnsTtlSeconds: number;
  /** replication.lagBudgetMs, drawn on the PDF's lag chart. */
  lagBudgetMs: number;
}

/**
 * Everything an export needs. The events are read afresh, batch by batch, by each call of
 * `events()`; pass a collector to compute the figures in that same pass (JSON and PDF write the
 * figures after the timeline in the file, so they read the timeline once). `figures()` reads it
 * once more, for formats that print the figures first (Markdown).
 */
export interface ExportSource {
  incident: Incident;
  exportedAt: Date;
  /** The audit chain's head when the export began; no audit record past it is included. */
  head: AuditHead;
  window: TimelineWindow;
  lagBudgetMs: number;
  events(collector?: FigureCollector): AsyncGenerator<TimelineEvent>;
  /** A collector for this export's figures; `finish()` it after feeding it every event. */
  collector(): FigureCollector;
  figures(): Promise<RecoveryFigures>;
  /** Both regions' lag over the window, for the PDF's chart. */
  lag(): Promise<LagChartData>;
}

/** The RPO estimates stored on the runs created in the window (a handful of rows). */
async function rpoEstimates(db: Db, window: TimelineWindow): Promise<Map<string, number | null>> {
  const rows = await db
    .select({ id: tables.runs.id, rpo: tables.runs.rpoEstimateMs })
    .from(tables.runs)
    .where(and(gte(tables.runs.createdAt, window.from), lte(tables.runs.createdAt, window.to)));
  return new Map(rows.map((r) => [r.id, r.rpo]));
}

/**
 * The figures from one streamed pass over the rows they read (the figures-only scan). `maxAuditSeq` pins the
 * audit records to a head, so the figures and the events of one export agree.
 */
export async function figuresFor(db: Db, incident: Incident, window: TimelineWindow, dnsTtlSeconds: number, maxAuditSeq: number | null): Promise<RecoveryFigures> {
  const collector = new FigureCollector({ incidentId: incident.id, dnsTtlSeconds, rpoEstimates: await rpoEstimates(db, window) });
  for await (const { event } of scanTimeline(db, { incidentId: incident.id, window, maxAuditSeq, figuresOnly: true })) collector.add(event);
  return collector.finish();
}

/** GET /api/incidents/:id/figures: the figures as of now. */
export async function incidentFigures(db: Db, clock: Clock, id: string, opts: Pick<ExportOptions, "dnsTtlSeconds">): Promise<{ incident: Incident; figures: RecoveryFigures; window: { from: string; to: string } }> {
  const incident = await getIncident(db, id);
  const window = await incidentWindow(db, incident, clock.now());
  const figures = await figuresFor(db, incident, window, opts.dnsTtlSeconds, null);
  return { incident, figures, window: { from: window.from.toISOString(), to: window.to.toISOString() } };
}

/** Reads the incident and pins the audit head and the window: everything after reads up to them. */
export async function prepareExport(db: Db, clock: Clock, id: string, opts: ExportOptions): Promise<ExportSource> {
  const incident = await getIncident(db, id);
  const head = await readHead(db);
  const exportedAt = clock.now();
  const window = await incidentWindow(db, incident, exportedAt);
  const estimates = await rpoEstimates(db, window);
  const collector = () => new FigureCollector({ incidentId: incident.id, dnsTtlSeconds: opts.dnsTtlSeconds, rpoEstimates: estimates });
  async function* events(into?: FigureCollector, figuresOnly = false): AsyncGenerator<TimelineEvent> {
    for await (const { event } of scanTimeline(db, { incidentId: incident.id, window, maxAuditSeq: head.seq, figuresOnly })) {
      into?.add(event);
      yield event;
    }
  }
  return {
    incident,
    exportedAt,
    head: { seq: head.seq, hash: head.hash },
    window,
    lagBudgetMs: opts.lagBudgetMs,
    events,
    collector,
    async figures() {
      const c = collector();
      for await (const event of events(undefined, true)) c.add(event);
      return c.finish();
    },
    lag: () => lagChartData(db, window.from, window.to),
  };
}
