import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import { tables, type Db } from "@/server/db";
import type { AuditPage, AuditPageQuery, AuditRecord } from "@/lib/audit";
import type { AuditRow } from "./rows";

/**
 * One page of the log, newest first, optionally of one action only; keyset on seq so deep pages
 * cost the same as the first. `nextBefore` is the last record's seq either way, so a filtered page
 * continues below its last match.
 */
export async function listAudit(db: Db, query: AuditPageQuery): Promise<AuditPage> {
  const rows = await db
    .select()
    .from(tables.audit)
    .where(
      and(
        query.action === undefined ? undefined : eq(tables.audit.action, query.action),
        query.before === undefined ? undefined : lt(tables.audit.seq, query.before),
      ),
    )
    .orderBy(desc(tables.audit.seq))
    .limit(query.limit);
  const last = rows[rows.length - 1];
  const more = rows.length === query.limit && last !== undefined && last.seq > 1;
  return { records: rows.map(toRecord), nextBefore: more ? last.seq : null };
}

export function toRecord(row: AuditRow): AuditRecord {
  const payload = typeof row.payload === "object" && row.payload !== null ? (row.payload as Record<string, unknown>) : {};
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actor: row.actor,
    actorName: row.actorName,
    action: row.action,
    ip: row.ip,
    payload,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
