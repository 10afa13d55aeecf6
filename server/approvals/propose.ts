import "server-only";
import { expireDue } from "./expire";
import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { ReadinessChecklist } from "@/lib/findings";
import type { ObservedLag } from "@/lib/lag";
import { ProposalInput, type DataLossAck, type Proposal } from "@/lib/proposals";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { databaseMessage, tables, type Db } from "@/server/db";
import { invalidInput, ServiceError } from "@/server/errors";
import { loadActor } from "./actor";
import { asStoredJson, proposalHash } from "./hash";
import { guarded, Refusal } from "./refusal";
import { toView } from "./rows";

export const DEFAULT_TTL_MINUTES = 15;

export interface ProposeArgs {
  user: SessionUser;
  /** Re-validated here even when a route already parsed it: this is the last gate before storage. */
  input: unknown;
  /** The region that owns writes now, as the console sees it. */
  sourceRegion: string;
  /** The readiness checklist for the target at this moment: the evidence the approver will see. */
  readiness: ReadinessChecklist;
  ttlMinutes?: number;
  /**
   * The monitor's last lag into the target at this moment (null: none observed). An unplanned
   * failover stores it with the data-loss acknowledgement; the browser's figure is never used.
   */
  lag?: ObservedLag | null;
}

/** An operator asks for a runbook to run. Stored with the hash an approval must later name. */
export async function propose(db: Db, clock: Clock, args: ProposeArgs): Promise<Proposal> {
  const parsed = ProposalInput.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error, "proposal");
  const input = parsed.data;
  const readiness = ReadinessChecklist.safeParse(args.readiness);
  if (!readiness.success) throw invalidInput(readiness.error, "readiness evidence");
  if (input.targetRegion === args.sourceRegion) {
    throw new ServiceError("invalid", `invalid proposal: targetRegion: ${input.targetRegion} already owns writes`);
  }
  // Evidence about another pair of regions is not evidence for this proposal.
  if (readiness.data.target !== input.targetRegion || readiness.data.source !== args.sourceRegion) {
    throw new ServiceError("invalid", "invalid proposal: the readiness evidence is for a different target or source");
  }
  const ttl = args.ttlMinutes ?? DEFAULT_TTL_MINUTES;
  if (!(ttl > 0)) throw new ServiceError("invalid", `proposal TTL must be positive, got ${ttl}`);
  // A lapsed proposal must not hold the one active slot until the next sweep.
  await expireDue(db, clock);

  const acting = {
    actor: { id: args.user.id, name: args.user.name },
    proposalId: null,
    action: AUDIT_ACTIONS.proposalRefused,
    operation: "propose",
  } as const;
  return guarded(db, clock, acting, async (tx) => {
    const actor = await loadActor(tx, args.user);
    if (actor instanceof Refusal) return actor;
    if (!hasRole(actor.roles, "operator")) {
      return new Refusal("forbidden", "not-operator", "proposing a failover needs the operator role");
    }
    const active = await tx
      .select({ id: tables.proposals.id, status: tables.proposals.status })
      .from(tables.proposals)
      .where(inArray(tables.proposals.status, ["pending", "approved"]));
    const existing = active[0];
    if (existing) {
      return new Refusal("conflict", "active-proposal", `proposal ${existing.id} is already ${existing.status}; one at a time`);
    }
    const createdAt = clock.now();
    const ack = input.dataLossAck ? dataLossAck(args.lag ?? null, createdAt) : null;
    if (ack instanceof Refusal) return ack;
    const content = {
      runbook: input.runbook,
      targetRegion: input.targetRegion,
      sourceRegion: args.sourceRegion,
      reason: input.reason,
      dataLossAck: ack ? asStoredJson(ack) : null,
      readiness: asStoredJson(readiness.data),
      proposerId: actor.id,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + ttl * 60_000),
    };
    const row = { id: randomUUID(), ...content, contentHash: proposalHash(content), proposerName: actor.name, status: "pending" };
    try {
      // A savepoint, so losing the race on the one-active index leaves the transaction usable for the refusal's audit.
      await tx.transaction((sp) => sp.insert(tables.proposals).values(row));
    } catch (err) {
      if (databaseMessage(err).includes("proposals_one_active")) {
        return new Refusal("conflict", "active-proposal", "another proposal became active at the same moment; one at a time");
      }
      throw err;
    }
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: AUDIT_ACTIONS.proposalCreated,
      payload: {
        proposalId: row.id,
        runbook: row.runbook,
        targetRegion: row.targetRegion,
        sourceRegion: row.sourceRegion,
        reason: row.reason,
        dataLossAck: row.dataLossAck,
        ...(input.dataLossAck?.lastLagMs !== undefined ? { clientLagMsIgnored: input.dataLossAck.lastLagMs } : {}),
        readinessReady: readiness.data.ready,
        contentHash: row.contentHash,
        expiresAt: row.expiresAt.toISOString(),
      },
    });
    return toView({ ...row, decidedAt: null, decidedBy: null, decisionReason: null }, undefined);
  });
}

/**
 * The acknowledgement as stored: the monitor's figure and its age now (DESIGN "Runbooks": the
 * approver sees the expected data loss). Without a lag reading the loss cannot be stated, so there
 * is nothing to acknowledge yet — the same rule the proposal form shows.
 */
function dataLossAck(lag: ObservedLag | null, now: Date): DataLossAck | Refusal {
  if (!lag) {
    return new Refusal("conflict", "lag-unknown", "no replication lag into the target has been observed, so the expected data loss cannot be stated yet; wait for a lag reading");
  }
  const ageMs = lag.observedAt === null ? null : Math.max(0, now.getTime() - new Date(lag.observedAt).getTime());
  return { acknowledged: true, lastLagMs: lag.lagMs, observedAt: lag.observedAt, ageMs, source: "monitor" };
}
