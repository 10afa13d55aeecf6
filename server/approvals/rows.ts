import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import { Proposal, type Approval } from "@/lib/proposals";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { tables, type Db } from "@/server/db";
import { ServiceError } from "@/server/errors";
import { proposalHash } from "./hash";

export type ProposalRow = typeof tables.proposals.$inferSelect;
export type ApprovalRow = typeof tables.approvals.$inferSelect;

/** Locks the proposal row until the transaction ends: decisions on one proposal are serialized. */
export async function lockProposal(tx: Db, id: string): Promise<ProposalRow | undefined> {
  const [row] = await tx.select().from(tables.proposals).where(eq(tables.proposals.id, id)).for("update");
  return row;
}

export async function lockApproval(tx: Db, proposalId: string): Promise<ApprovalRow | undefined> {
  const [row] = await tx
    .select()
    .from(tables.approvals)
    .where(eq(tables.approvals.proposalId, proposalId))
    .for("update");
  return row;
}

/** The hash of what the row holds now; differs from content_hash when the row was edited behind our back. */
export function rowHash(row: ProposalRow): string {
  return proposalHash(row);
}

export function isExpired(row: ProposalRow, clock: Clock): boolean {
  return clock.now().getTime() >= row.expiresAt.getTime();
}

/** Marks a pending proposal expired and audits it, inside the caller's transaction. */
export async function markExpired(tx: Db, clock: Clock, row: ProposalRow): Promise<void> {
  const now = clock.now();
  await tx
    .update(tables.proposals)
    .set({ status: "expired", decidedAt: now, decidedBy: "system", decisionReason: "not approved before it expired" })
    .where(eq(tables.proposals.id, row.id));
  await appendAudit(tx, clock, {
    actor: "system",
    actorName: "system",
    action: AUDIT_ACTIONS.proposalExpired,
    payload: { proposalId: row.id, expiresAt: row.expiresAt.toISOString() },
  });
}

/** The browser's view, validated on the way out so a malformed row is an error, not a wrong screen. */
export function toView(row: ProposalRow, approval: ApprovalRow | undefined, runId: string | null = null): Proposal {
  const view: Approval | null = approval
    ? {
        approverId: approval.approverId,
        approverName: approval.approverName,
        contentHash: approval.contentHash,
        reauthMethod: approval.reauthMethod === "password" ? "password" : "oidc-auth-time",
        at: approval.at.toISOString(),
      }
    : null;
  return Proposal.parse({
    id: row.id,
    runbook: row.runbook,
    targetRegion: row.targetRegion,
    sourceRegion: row.sourceRegion,
    reason: row.reason,
    dataLossAck: row.dataLossAck ?? null,
    readiness: row.readiness,
    contentHash: row.contentHash,
    proposer: { id: row.proposerId, name: row.proposerName },
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    decisionReason: row.decisionReason,
    approval: view,
    runId,
  });
}

export async function getProposal(db: Db, id: string): Promise<Proposal> {
  const [row] = await db.select().from(tables.proposals).where(eq(tables.proposals.id, id));
  if (!row) throw new ServiceError("not_found", `no proposal ${id}`);
  const [view] = await withDecisions(db, [row]);
  if (!view) throw new Error("unreachable: one row gives one view");
  return view;
}

/** Recent proposals, newest first, each with its approval and run (the pending-approvals panel and history). */
export async function listProposals(db: Db, limit: number): Promise<Proposal[]> {
  const rows = await db.select().from(tables.proposals).orderBy(desc(tables.proposals.createdAt)).limit(limit);
  return withDecisions(db, rows);
}

/** Proposal rows as views, with their approvals and runs read in one query each. */
async function withDecisions(db: Db, rows: ProposalRow[]): Promise<Proposal[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const approvals = await db.select().from(tables.approvals).where(inArray(tables.approvals.proposalId, ids));
  const runs = await db.select({ id: tables.runs.id, proposalId: tables.runs.proposalId }).from(tables.runs).where(inArray(tables.runs.proposalId, ids));
  return rows.map((row) =>
    toView(
      row,
      approvals.find((a) => a.proposalId === row.id),
      runs.find((r) => r.proposalId === row.id)?.id ?? null,
    ),
  );
}
