import "server-only";
import type { NextRequest } from "next/server";
import { lastLagInto } from "@/lib/lag";
import type { ApproveInput, Proposal, ProposalInput } from "@/lib/proposals";
import type { SessionUser } from "@/lib/session";
import { sessionAuthTime } from "@/server/auth/session";
import { verifyApprovalPassword } from "@/server/auth/approval-password";
import { clientIp } from "@/server/auth/client-ip";
import { LOCAL_PROVIDER } from "@/server/auth/users";
import { requireStore } from "@/server/db";
import { ServiceError } from "@/server/errors";
import type { Runtime } from "@/server/runtime";
import { planFromSnapshot } from "@/server/runbooks/start";
import { approve } from "./approve";
import { propose } from "./propose";
import { checklistFor } from "@/server/runbooks/preconditions";
import type { Reauth } from "./reauth";

/**
 * Proposes from the console's own view of the world: the source is the other configured region,
 * and the evidence stored with the proposal is the monitor's readiness checklist for that target
 * and mode at this moment (failback re-protects, then runs the planned checklist), and for an
 * unplanned failover the monitor's last lag into the target.
 */
export async function proposeNow(rt: Runtime, user: SessionUser, input: ProposalInput): Promise<Proposal> {
  requireStore(rt.storeHealth);
  const regions = rt.config.regions.map((r) => r.id);
  if (!regions.includes(input.targetRegion)) {
    throw new ServiceError("invalid", `invalid proposal: targetRegion: expected one of ${regions.join(", ")}`);
  }
  const sourceRegion = regions.find((r) => r !== input.targetRegion) ?? input.targetRegion;
  const snapshot = rt.monitor.snapshot();
  const readiness = checklistFor(snapshot.readiness, input.runbook, input.targetRegion);
  if (!readiness) throw new ServiceError("unavailable", `no ${input.runbook} readiness evidence for ${input.targetRegion} yet`);
  // The data-loss figure is the monitor's, read here with the evidence — never the browser's.
  const lag = lastLagInto(snapshot, input.targetRegion);
  return propose(rt.db, rt.clock, { user, input, sourceRegion, readiness, ttlMinutes: rt.config.proposals.ttlMinutes, lag });
}

/**
 * Approves after re-authentication: local accounts type their password into the approval itself;
 * single-sign-on accounts must have signed in at the identity provider within the last 5 minutes
 * (next-auth v4 does not check max_age itself, so the sign-in time carried by the session decides).
 */
export async function approveNow(rt: Runtime, req: NextRequest, user: SessionUser, proposalId: string, input: ApproveInput): Promise<Proposal> {
  requireStore(rt.storeHealth);
  const reauth = await reauthOf(rt, req, user, input.password);
  const run = planFromSnapshot(rt.monitor.snapshot(), rt.config.globalCluster?.unplannedMode ?? "failover", rt.config.runbooks.fenceDownRegionSeconds * 1000);
  const approved = await approve(rt.db, rt.clock, { user, proposalId, input, reauth, run, coolingOffMs: rt.config.approvals.coolingOffHours * 3_600_000 });
  if (approved.runId) rt.runSignals.kick(approved.runId);
  return approved;
}

/** The re-authentication an approval checks; approving a run's continuation (server/runbooks/requests.ts) uses it too. */
export async function reauthOf(rt: Runtime, req: NextRequest, user: SessionUser, password: string | undefined): Promise<Reauth> {
  if (user.provider !== LOCAL_PROVIDER) {
    const authTime = await sessionAuthTime(req);
    return { method: "oidc-auth-time", authTime: authTime ?? new Date(0) };
  }
  // Through the per-account limiter shared with the login (issue 13 bullet 5): a lock is a 429.
  const verified = await verifyApprovalPassword(rt.db, rt.clock, user.id, password, clientIp(req.headers));
  return { method: "password", verified };
}
