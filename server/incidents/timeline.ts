import "server-only";
import { TIMELINE_KINDS, type TimelineEvent, type TimelineKind, type TimelinePage, type TimelineQuery } from "@/lib/incidents";
import type { Severity } from "@/lib/findings";
import { and, desc, lte, ne } from "drizzle-orm";
import { tables, type Db } from "@/server/db";
import { auditSource, compareKeys, noteSource, observationSource, type EventSource, type KeyedEvent, type ObservationKinds, type SourceScan, type TimelineKey } from "./sources";

/**
 * The timeline starts this long before the incident did: a person declares (or the console
 * opens) an incident after the first symptoms, and the first impact signal must be in it.
 */
export const TIMELINE_LEAD_MS = 15 * 60_000;

export interface TimelineWindow {
  from: Date;
  to: Date;
}

/**
 * From 15 minutes before the start to the end — or to `now` while the incident is open — but never
 * into an earlier incident: the lead stops just after the previous incident's end (its close record
 * is the last of its window). Two drills 11 minutes apart are two incidents, each with its own
 * first impact, decisions and runs.
 */
export function timelineWindow(incident: { startedAt: Date | string; endedAt: Date | string | null }, now: Date, previousEnd: Date | null = null): TimelineWindow {
  const start = new Date(incident.startedAt);
  const to = incident.endedAt === null ? now : new Date(incident.endedAt);
  const lead = start.getTime() - TIMELINE_LEAD_MS;
  const from = previousEnd === null ? lead : Math.min(start.getTime(), Math.max(lead, previousEnd.getTime() + 1));
  return { from: new Date(from), to: to < start ? start : to };
}

/** How far the window reaches back, in words: the full lead, or cut at the previous incident's end. */
export function describeLead(window: TimelineWindow, startedAt: Date | string): string {
  const leadMs = new Date(startedAt).getTime() - window.from.getTime();
  if (leadMs >= TIMELINE_LEAD_MS) return `${TIMELINE_LEAD_MS / 60_000} min before the start`;
  return `${(leadMs / 60_000).toFixed(1)} min before the start, just after the previous incident ended`;
}

/** The end of the latest incident that ended by this one's start (one is open at a time, so that is the one before it). */
export async function previousIncidentEnd(db: Db, incident: { id: string; startedAt: Date | string }): Promise<Date | null> {
  const i = tables.incidents;
  const [row] = await db
    .select({ endedAt: i.endedAt })
    .from(i)
    .where(and(ne(i.id, incident.id), lte(i.endedAt, new Date(incident.startedAt))))
    .orderBy(desc(i.endedAt))
    .limit(1);
  return row?.endedAt ?? null;
}

/** The incident's window as the store knows it: what every timeline page, figure and export reads. */
export async function incidentWindow(db: Db, incident: { id: string; startedAt: Date | string; endedAt: Date | string | null }, now: Date): Promise<TimelineWindow> {
  return timelineWindow(incident, now, await previousIncidentEnd(db, incident));
}

export interface TimelineScan {
  incidentId: string;
  window: TimelineWindow;
  kinds?: readonly TimelineKind[];
  region?: string;
  severity?: readonly Severity[];
  after?: TimelineKey | null;
  /** Exports pass the audit head they carry, so no record past it appears in them. */
  maxAuditSeq?: number | null;
  /** Only what the recovery figures read (a much smaller pass; see figures.ts FIGURE_INPUTS). */
  figuresOnly?: boolean;
  batchSize?: number;
}

/**
 * The incident's events in time order, merged from observations, audit records and notes, each
 * read by keyset pages: memory is one batch per source, whatever the window holds. Kind and
 * region are filtered in SQL; severity here (its rules live in events.ts).
 */
export async function* scanTimeline(db: Db, scan: TimelineScan): AsyncGenerator<KeyedEvent> {
  const kinds = new Set<TimelineKind>(scan.kinds ?? TIMELINE_KINDS);
  const severity = scan.severity ? new Set<Severity>(scan.severity) : null;
  // Only findings carry "critical"; notes carry no severity at all.
  if (severity && !severity.has("info") && !severity.has("warning")) {
    kinds.delete("signal");
    kinds.delete("audit");
    kinds.delete("console");
  }
  if (severity) kinds.delete("note");
  const base: SourceScan = {
    incidentId: scan.incidentId,
    from: scan.window.from,
    to: scan.window.to,
    after: scan.after ?? null,
    region: scan.region ?? null,
    batchSize: scan.batchSize ?? 1000,
    figuresOnly: scan.figuresOnly ?? false,
  };
  if (base.figuresOnly) kinds.delete("note");
  const observed: ObservationKinds = new Set((["signal", "finding", "console"] as const).filter((k) => kinds.has(k)));
  const sources: EventSource[] = [];
  if (observed.size > 0) sources.push(observationSource(db, base, observed));
  if (kinds.has("audit")) sources.push(auditSource(db, base, scan.maxAuditSeq ?? null));
  if (kinds.has("note") && base.region === null) sources.push(noteSource(db, base));
  for await (const keyed of merge(sources)) {
    if (severity && (keyed.event.severity === null || !severity.has(keyed.event.severity))) continue;
    yield keyed;
  }
}

interface Cursor {
  source: EventSource;
  batch: Iterator<KeyedEvent, void>;
  /** The source's next event in the merged order (null only before the first advance). */
  head: KeyedEvent | null;
}

const EMPTY: Iterator<KeyedEvent, void> = { next: () => ({ done: true, value: undefined }) };

/** Moves to the source's next event, reading its next batch when this one is done; false at its end. */
async function advance(c: Cursor): Promise<boolean> {
  for (;;) {
    const item = c.batch.next();
    if (!item.done) {
      c.head = item.value;
      return true;
    }
    const next = await c.source.next();
    if (next.done) return false;
    c.batch = next.value;
  }
}

/** A k-way merge of sources that each yield batches already in key order. */
async function* merge(sources: EventSource[]): AsyncGenerator<KeyedEvent> {
  const live: Cursor[] = [];
  try {
    for (const source of sources) {
      const c: Cursor = { source, batch: EMPTY, head: null };
      if (await advance(c)) live.push(c);
    }
    while (live.length > 0) {
      let best = 0;
      for (let i = 1; i < live.length; i++) {
        const a = live[i];
        const b = live[best];
        if (a?.head && b?.head && compareKeys(a.head.key, b.head.key) < 0) best = i;
      }
      const c = live[best];
      if (!c?.head) return;
      yield c.head;
      if (!(await advance(c))) live.splice(best, 1);
    }
  } finally {
    // A consumer that stops early (a full page, a cancelled download) releases every source.
    await Promise.all(sources.map((s) => s.return(undefined)));
  }
}

export function parseCursor(cursor: string | undefined): TimelineKey | null {
  if (!cursor) return null;
  const [at, rank, id] = cursor.split(".").map(Number);
  if (at === undefined || id === undefined || (rank !== 0 && rank !== 1 && rank !== 2)) return null;
  return { atMs: at, rank, id };
}

function formatCursor(key: TimelineKey): string {
  return `${key.atMs}.${key.rank}.${key.id}`;
}

/** One page of the timeline for the browser: `limit` events after `after`, with the filters. */
export async function timelinePage(db: Db, incident: { id: string; startedAt: string; endedAt: string | null }, query: TimelineQuery, now: Date): Promise<TimelinePage> {
  const window = await incidentWindow(db, incident, now);
  const events: TimelineEvent[] = [];
  let last: TimelineKey | null = null;
  const scan = scanTimeline(db, {
    incidentId: incident.id,
    window,
    kinds: query.kind,
    region: query.region,
    severity: query.severity,
    after: parseCursor(query.after),
    batchSize: Math.min(1000, query.limit + 1),
  });
  for await (const { key, event } of scan) {
    events.push(event);
    last = key;
    if (events.length >= query.limit) break;
  }
  return {
    events,
    nextCursor: last ? formatCursor(last) : (query.after ?? null),
    more: events.length >= query.limit,
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
  };
}
