import "server-only";
import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { Clock } from "@/server/clock";
import { readSetting, tables, writeSetting, type Db } from "@/server/db";
import { compose } from "./compose";
import { wants, type Destination } from "./destinations";
import { NotificationEvent } from "./event";

/** How far the audit log has been turned into deliveries: moved in the same transaction as the rows it produced. */
export const CURSOR_KEY = "notifications.cursor";
export const BATCH = 500;

export interface EnqueueOptions {
  destinations: readonly Destination[];
  publicUrl: string | null;
  /** Records older than this when first read are not sent (a backlog after notifications were off). */
  maxAgeMs: number;
}

/**
 * Reads the audit records after the cursor and writes one delivery per record and destination
 * that wants it, then moves the cursor — all in `tx`, the leader's fenced transaction. The unique
 * (audit_seq, destination) index makes a repeat harmless. The first run starts at the head: a
 * console turning notifications on does not send its history. Returns how many records it read
 * (a full batch means there may be more).
 */
export async function enqueue(tx: Db, clock: Clock, options: EnqueueOptions): Promise<number> {
  const now = clock.now();
  const stored = await readSetting(tx, CURSOR_KEY);
  if (stored === null) {
    const [head] = await tx.select({ seq: sql<number | null>`max(${tables.audit.seq})` }).from(tables.audit);
    await writeSetting(tx, CURSOR_KEY, String(Number(head?.seq ?? 0)), now);
    return 0;
  }
  const cursor = Number(stored);
  const records = await tx
    .select({ seq: tables.audit.seq, at: tables.audit.at, actorName: tables.audit.actorName, action: tables.audit.action, payload: tables.audit.payload })
    .from(tables.audit)
    .where(gt(tables.audit.seq, cursor))
    .orderBy(tables.audit.seq)
    .limit(BATCH);
  const last = records.at(-1);
  if (!last) return 0;
  const rows = [];
  for (const record of records) {
    if (now.getTime() - record.at.getTime() > options.maxAgeMs) continue;
    const event = await compose(tx, record, options.publicUrl);
    if (!event) continue;
    for (const d of options.destinations) {
      if (!wants(d, event.kind)) continue;
      // PagerDuty hears only what opens or closes an alert.
      if (d.type === "pagerduty" && event.pager === null) continue;
      rows.push({ auditSeq: record.seq, destination: d.name, kind: event.kind, event, status: "pending", eventAt: record.at, nextAttemptAt: now, createdAt: now, updatedAt: now });
    }
  }
  if (rows.length > 0) await tx.insert(tables.notificationDeliveries).values(rows).onConflictDoNothing();
  await writeSetting(tx, CURSOR_KEY, String(last.seq), now);
  return records.length;
}

export interface Claimed {
  id: number;
  destination: string;
  event: NotificationEvent;
  attempts: number;
  eventAt: Date;
}

/**
 * Claims up to `limit` due deliveries for sending (status `sending`, attempt counted), in the
 * leader's fenced transaction; SKIP LOCKED lets two claimers never take the same row. A claim
 * older than `staleMs` belonged to a leader that died mid-request: it goes back to pending (the
 * receiver may then see that attempt twice — at least once, never lost).
 */
export async function claim(tx: Db, clock: Clock, limit: number, staleMs: number): Promise<Claimed[]> {
  const now = clock.now();
  const d = tables.notificationDeliveries;
  await tx
    .update(d)
    .set({ status: "pending", claimedAt: null, updatedAt: now })
    .where(and(eq(d.status, "sending"), lte(d.claimedAt, new Date(now.getTime() - staleMs))));
  if (limit <= 0) return [];
  const due = tx
    .select({ id: d.id })
    .from(d)
    .where(and(eq(d.status, "pending"), lte(d.nextAttemptAt, now)))
    .orderBy(d.nextAttemptAt, d.id)
    .limit(limit)
    .for("update", { skipLocked: true });
  const rows = await tx
    .update(d)
    .set({ status: "sending", attempts: sql`${d.attempts} + 1`, claimedAt: now, updatedAt: now })
    .where(inArray(d.id, due))
    .returning({ id: d.id, destination: d.destination, event: d.event, attempts: d.attempts, eventAt: d.eventAt });
  return rows.map((r) => ({ ...r, event: NotificationEvent.parse(r.event) }));
}

export type Result =
  | { outcome: "delivered"; status: number }
  | { outcome: "retry"; status: number | null; error: string; nextAttemptAt: Date }
  | { outcome: "gave_up"; status: number | null; error: string };

/** Records an attempt's end on the row this attempt claimed (the attempt count guards against a stale claimer). */
export async function settle(db: Db, clock: Clock, claimed: Pick<Claimed, "id" | "attempts">, result: Result): Promise<void> {
  const now = clock.now();
  const d = tables.notificationDeliveries;
  const fields =
    result.outcome === "delivered"
      ? { status: "delivered", lastStatus: result.status, lastError: null, deliveredAt: now }
      : result.outcome === "retry"
        ? { status: "pending", lastStatus: result.status, lastError: result.error, nextAttemptAt: result.nextAttemptAt }
        : { status: "gave_up", lastStatus: result.status, lastError: result.error };
  await db
    .update(d)
    .set({ ...fields, claimedAt: null, updatedAt: now })
    .where(and(eq(d.id, claimed.id), eq(d.status, "sending"), eq(d.attempts, claimed.attempts)));
}

/** When the next pending delivery is due, for the worker's timer. */
export async function nextDue(db: Db): Promise<Date | null> {
  const d = tables.notificationDeliveries;
  const [row] = await db.select({ at: sql<Date | string | null>`min(${d.nextAttemptAt})` }).from(d).where(eq(d.status, "pending"));
  return row?.at ? new Date(row.at) : null;
}
