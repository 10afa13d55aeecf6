import "server-only";
import { TIMELINE_KINDS, type TimelineEvent, type TimelineKind, type TimelinePage, type TimelineQuery } from "@/lib/incidents";
import type { Severity } from "@/lib/findings";
import type { Db } from "@/server/db";
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

/** From 15 minutes before the start to the end — or to `now` while the incident is open. */
export function timelineWindow(incident: { startedAt: Date | string; endedAt: Date | string | null }, now: Date): TimelineWindow {
  const start = new Date(incident.startedAt);
  const to = incident.endedAt === null ? now : new Date(incident.endedAt);
  return { from: new Date(start.getTime() - TIMELINE_LEAD_MS), to: to < start ? start : to };
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
  const observed: ObservationKinds | null = kinds.has("signal") && kinds.has("finding") ? "both" : kinds.has("signal") ? "signal" : kinds.has("finding") ? "finding" : null;
  const sources: EventSource[] = [];
  if (observed) sources.push(observationSource(db, base, observed));
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
  const window = timelineWindow(incident, now);
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
