import "server-only";
import { and, eq, gte, inArray, lte, notInArray, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { TimelineEvent } from "@/lib/incidents";
import { queryRows, tables, type Db } from "@/server/db";
import { auditEvent, BAD_STATES, CONSOLE_KIND, FINDING_KIND, noteEvent, observationEvent } from "./events";
import { FIGURE_INPUTS } from "./figures";

/** A position in the merged order: time, source rank (observations 0, audit 1, notes 2), row key. */
export interface TimelineKey {
  atMs: number;
  rank: 0 | 1 | 2;
  id: number;
}

export interface SourceScan {
  incidentId: string;
  from: Date;
  to: Date;
  /** Exclusive: only rows after this position in the merged order. */
  after: TimelineKey | null;
  region: string | null;
  batchSize: number;
  /** Only the rows the recovery figures read (figures.ts FIGURE_INPUTS). */
  figuresOnly: boolean;
}

export interface KeyedEvent {
  key: TimelineKey;
  event: TimelineEvent;
}

/**
 * Rows of one source strictly after `after` in the merged order, as a `(at, key) > (t, k)` row
 * comparison: at the cursor's own time, a source ranked after the cursor's source is wholly
 * after it, one ranked before is wholly before it.
 */
function afterCondition(at: AnyColumn, id: AnyColumn, rank: 0 | 1 | 2, after: TimelineKey | null): SQL | undefined {
  if (!after) return undefined;
  const t = new Date(after.atMs).toISOString();
  if (rank < after.rank) return sql`${at} > ${t}::timestamptz`;
  const k = rank === after.rank ? after.id : -1;
  return sql`(${at}, ${id}) > (${t}::timestamptz, ${k}::bigint)`;
}

// Slices start at a minute and adapt to the density of the source (see pages()).
const FIRST_SLICE_MS = 60_000;

/**
 * Keyset pages of one source, each read from a bounded time slice: `(at, key) > cursor AND
 * at <= cursor time + slice`. Without the upper bound a planner with no statistics (PGlite never
 * runs ANALYZE) scans every remaining row of the window and sorts it for each batch — quadratic
 * over a long incident. The slice doubles while it holds less than a batch and halves when it
 * overflows, so each query touches about one batch of rows. Memory is one batch.
 */
async function* pages(
  fetch: (after: TimelineKey | null, until: Date) => Promise<RowBatch>,
  scan: Pick<SourceScan, "after" | "from" | "to" | "batchSize">,
  rank: 0 | 1 | 2,
): AsyncGenerator<RowBatch> {
  let after = scan.after;
  let low = Math.max(scan.from.getTime(), after?.atMs ?? -Infinity);
  let span = FIRST_SLICE_MS;
  const end = scan.to.getTime();
  for (;;) {
    const until = Math.min(end, low + span);
    const batch = await fetch(after, new Date(until));
    if (batch.count > 0) yield batch;
    if (batch.count > 0 && batch.count >= scan.batchSize) {
      after = lastKey(batch, rank);
      low = after.atMs;
      span = Math.max(1, Math.floor(span / 2));
      continue;
    }
    if (until >= end) return;
    // The slice is exhausted, its last instant included: continue strictly after it.
    after = { atMs: until, rank, id: Number.MAX_SAFE_INTEGER };
    low = until;
    span = batch.count * 4 < scan.batchSize ? span * 4 : span * 2;
  }
}

/** Which timeline kinds to read from `observations`: findings, the console's own events, and every other kind (signals). */
export type ObservationKinds = ReadonlySet<"signal" | "finding" | "console">;

/** The columns every source selects besides its own: the merge key, with time as epoch milliseconds. */
interface Keyed {
  k: number;
  at_ms: number;
}

/** A batch of rows as JSON text, one row a line, in key order. */
interface RowBatch {
  count: number;
  text: string;
}

/**
 * One batch as a single text value, one JSON row a line (`string_agg` of `row_to_json`): PGlite
 * hands a large result over several times faster that way than as a row set, and PostgreSQL is
 * no slower. JSON escapes the line breaks inside values (and jsonb prints none), so a line is a
 * row. Times travel as epoch milliseconds (the columns are timestamptz(3)), so no time zone
 * setting can change them.
 */
async function jsonRows(db: Db, select: SQL, from: SQL, where: SQL | undefined, order: SQL, limit: number): Promise<RowBatch> {
  const [row] = await queryRows<{ n: number; rows: string }>(
    db,
    sql`SELECT count(*)::int AS n, coalesce(string_agg(row_to_json(r)::text, E'\n' ORDER BY r.at_ms, r.k), '') AS rows
        FROM (SELECT ${select} FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit}) r`,
  );
  return { count: Number(row?.n ?? 0), text: row?.rows ?? "" };
}

function lastKey(batch: RowBatch, rank: 0 | 1 | 2): TimelineKey {
  const r = JSON.parse(batch.text.slice(batch.text.lastIndexOf("\n") + 1)) as Keyed;
  return { atMs: r.at_ms, rank, id: r.k };
}

const atMs = (at: AnyColumn) => sql`(extract(epoch FROM ${at}) * 1000)::bigint AS at_ms`;

/**
 * A batch's events, each parsed from its line only when the merge takes it. Between two reads a
 * source holds one flat string, not a thousand rows and events: an event lives a moment and is
 * freed by the next minor collection, where parsed batches outlived it and piled up in the old
 * generation until a full one (an export of 100,000 events peaked some 35 MB higher that way).
 */
function* eventsOf<T extends Keyed>(text: string, rank: 0 | 1 | 2, toEvent: (row: T) => TimelineEvent): Generator<KeyedEvent, void> {
  for (let start = 0; start < text.length; ) {
    const stop = text.indexOf("\n", start);
    const end = stop === -1 ? text.length : stop;
    const r = JSON.parse(text.slice(start, end)) as T;
    start = end + 1;
    yield { key: { atMs: r.at_ms, rank, id: r.k }, event: toEvent(r) };
  }
}

/** A source: batches in key order, each an iterator over its events in key order. */
export type EventSource = AsyncGenerator<Iterator<KeyedEvent, void>>;

async function* keyed<T extends Keyed>(batches: AsyncGenerator<RowBatch>, rank: 0 | 1 | 2, toEvent: (row: T) => TimelineEvent): EventSource {
  for await (const batch of batches) yield eventsOf(batch.text, rank, toEvent);
}

interface ObservationJson extends Keyed {
  region: string | null;
  kind: string;
  subject: string;
  from_value: string | null;
  to_value: string;
  detail: unknown;
}

/** Observations the figures read: health and routing in full, findings raised, transitions to a bad state. */
function figureObservations(): SQL {
  const o = tables.observations;
  const bad = Object.entries(BAD_STATES).map(([kind, states]) => and(eq(o.kind, kind), inArray(o.toValue, [...states])));
  return or(inArray(o.kind, [...FIGURE_INPUTS.observationKinds]), and(eq(o.kind, "finding"), eq(o.toValue, "raised")), ...bad) ?? sql`true`;
}

/** Audit records the figures read: their actions, and of step results only the steps they use. */
function figureAudit(): SQL {
  const a = tables.audit;
  return sql`(${inArray(a.action, [...FIGURE_INPUTS.auditActions])} AND (${notInArray(a.action, [...FIGURE_INPUTS.stepActions])} OR ${a.payload}->>'step' IN (${sql.join(
    FIGURE_INPUTS.steps.map((step) => sql`${step}`),
    sql`, `,
  )})))`;
}

function observationKinds(kinds: ObservationKinds): SQL | undefined {
  if (kinds.size === 3) return undefined;
  const o = tables.observations;
  const own = [FINDING_KIND, CONSOLE_KIND];
  return or(
    kinds.has("signal") ? notInArray(o.kind, own) : undefined,
    kinds.has("finding") ? eq(o.kind, FINDING_KIND) : undefined,
    kinds.has("console") ? eq(o.kind, CONSOLE_KIND) : undefined,
  );
}

export function observationSource(db: Db, scan: SourceScan, kinds: ObservationKinds): EventSource {
  const o = tables.observations;
  const kindCond = and(observationKinds(kinds), scan.figuresOnly ? figureObservations() : undefined);
  const fetch = (after: TimelineKey | null, until: Date) =>
    jsonRows(
      db,
      sql`${o.id} AS k, ${atMs(o.at)}, ${o.region}, ${o.kind}, ${o.subject}, ${o.fromValue}, ${o.toValue}, ${o.detail}`,
      sql`${o}`,
      and(gte(o.at, scan.from), lte(o.at, until), kindCond, scan.region === null ? undefined : eq(o.region, scan.region), afterCondition(o.at, o.id, 0, after)),
      sql`${o.at}, ${o.id}`,
      scan.batchSize,
    );
  return keyed(pages(fetch, scan, 0), 0, (r: ObservationJson) =>
    observationEvent({ id: r.k, at: new Date(r.at_ms), region: r.region, kind: r.kind, subject: r.subject, fromValue: r.from_value, toValue: r.to_value, detail: r.detail }),
  );
}

/**
 * The decisions and actions of the incident: proposals and approvals (and their refusals), runs
 * and every step attempt, drill faults, and this incident's own declaration, edits and close.
 * Sign-ins and user admin are left out; `incident.note_added` too, as the note itself is an event.
 */
function auditIncluded(incidentId: string): SQL {
  const a = tables.audit;
  return sql`(${a.action} LIKE 'proposal.%' OR ${a.action} LIKE 'approval.%' OR ${a.action} LIKE 'run.%' OR ${a.action} = 'sim.fault_toggled'
    OR (${a.action} IN ('incident.declared', 'incident.updated', 'incident.closed') AND ${a.payload}->>'incidentId' = ${incidentId}))`;
}

/** Mirrors auditEvent's region: the payload's region, else its targetRegion. */
const auditRegion = sql`coalesce(nullif(${tables.audit.payload}->>'region', ''), nullif(${tables.audit.payload}->>'targetRegion', ''))`;

interface AuditJson extends Keyed {
  actor: string;
  actor_name: string;
  action: string;
  payload: unknown;
}

export function auditSource(db: Db, scan: SourceScan, maxSeq: number | null): EventSource {
  const a = tables.audit;
  const fetch = (after: TimelineKey | null, until: Date) =>
    jsonRows(
      db,
      sql`${a.seq} AS k, ${atMs(a.at)}, ${a.actor}, ${a.actorName}, ${a.action}, ${a.payload}`,
      sql`${a}`,
      and(
        gte(a.at, scan.from),
        lte(a.at, until),
        maxSeq === null ? undefined : lte(a.seq, maxSeq),
        auditIncluded(scan.incidentId),
        scan.figuresOnly ? figureAudit() : undefined,
        scan.region === null ? undefined : sql`${auditRegion} = ${scan.region}`,
        afterCondition(a.at, a.seq, 1, after),
      ),
      sql`${a.at}, ${a.seq}`,
      scan.batchSize,
    );
  return keyed(pages(fetch, scan, 1), 1, (r: AuditJson) => auditEvent({ seq: r.k, at: new Date(r.at_ms), actor: r.actor, actorName: r.actor_name, action: r.action, payload: r.payload }));
}

interface NoteJson extends Keyed {
  author_id: string;
  author_name: string;
  text: string;
}

export function noteSource(db: Db, scan: SourceScan): EventSource {
  const n = tables.incidentNotes;
  const fetch = (after: TimelineKey | null, until: Date) =>
    jsonRows(
      db,
      sql`${n.id} AS k, ${atMs(n.at)}, ${n.authorId}, ${n.authorName}, ${n.text}`,
      sql`${n}`,
      and(eq(n.incidentId, scan.incidentId), gte(n.at, scan.from), lte(n.at, until), afterCondition(n.at, n.id, 2, after)),
      sql`${n.at}, ${n.id}`,
      scan.batchSize,
    );
  return keyed(pages(fetch, scan, 2), 2, (r: NoteJson) => noteEvent({ id: r.k, at: new Date(r.at_ms), authorId: r.author_id, authorName: r.author_name, text: r.text }));
}

export function compareKeys(a: TimelineKey, b: TimelineKey): number {
  return a.atMs - b.atMs || a.rank - b.rank || a.id - b.id;
}
