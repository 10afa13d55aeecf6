import { eq } from "drizzle-orm";
import type { ReadinessChecklist } from "@/lib/findings";
import type { Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { manualClock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { labelOf, upsertIdentity } from "@/server/auth/users";
import type { RunPlan } from "@/server/runbooks/start";

/** An approval's run plan with nothing blocking. */
export const PLAN: RunPlan = { unplannedMethod: "failover", knownEpoch: 1, recheck: () => null, downRegions: [], fenceDownRegionMs: 2000 };

/** Seeds a user row (the domain reads roles from the database) and returns their session view. */
export async function seedUser(db: Db, username: string, roles: Role[], provider = "local"): Promise<SessionUser> {
  const { row } = await upsertIdentity(db, manualClock(), {
    provider,
    subject: username,
    username,
    displayName: username.charAt(0).toUpperCase() + username.slice(1),
    roles,
  });
  return { id: row.id, username: row.username, name: labelOf(row), provider: row.provider, roles };
}

export function readiness(target = "us-west-2", source = "us-east-1"): ReadinessChecklist {
  return {
    target,
    source,
    mode: "planned",
    ready: true,
    checks: [{ id: "lag-under-budget", label: "Replication lag under budget", status: "pass", evidence: "120 ms < 1000 ms" }],
  };
}

export const PLANNED = { runbook: "planned-failover", targetRegion: "us-west-2", reason: "us-east-1 degraded writes" } as const;

export async function proposalRow(db: Db, id: string) {
  const [row] = await db.select().from(tables.proposals).where(eq(tables.proposals.id, id));
  return row;
}

export async function auditActions(db: Db): Promise<{ action: string; payload: unknown }[]> {
  const rows = await db.select().from(tables.audit).orderBy(tables.audit.seq);
  return rows.map((r) => ({ action: r.action, payload: r.payload }));
}

/** The audit log with who wrote each record (the replica, for the executor's). */
export async function auditRecords(db: Db): Promise<{ action: string; actorName: string; payload: unknown }[]> {
  const rows = await db.select().from(tables.audit).orderBy(tables.audit.seq);
  return rows.map((r) => ({ action: r.action, actorName: r.actorName, payload: r.payload }));
}
