import type { ReadinessChecklist } from "@/lib/findings";
import type { Proposal, ProposalInput, ProposalStatus, Runbook } from "@/lib/proposals";
import type { RegionState, Snapshot } from "@/lib/snapshot";

/** Pure helpers for the proposal UI: which proposal is active, what to offer, what will change. */

// The words of the Decide panel (decide.ts), so the button, the approval card and the run page
// name an action alike; the runbooks' ids and the docs keep "planned / unplanned failover".
export const RUNBOOK_LABEL: Record<Runbook, string> = {
  "planned-failover": "Planned switchover",
  "unplanned-failover": "Emergency failover",
  failback: "Failback",
  "restore-writes": "Restore writes",
};

/** "Planned switchover: us-east-1 → us-west-2": a proposal's or a run's heading. */
export const runbookTitle = (x: { runbook: Runbook; sourceRegion: string; targetRegion: string }) => `${RUNBOOK_LABEL[x.runbook]}: ${x.sourceRegion} → ${x.targetRegion}`;

/** What each runbook does, in the words the proposer and the approver need. */
export function runbookExplanation(runbook: Runbook, source: string, target: string): string {
  switch (runbook) {
    case "planned-failover":
      return `Switchover with zero data loss: ${source} is fenced first, then the Aurora global database switches over to ${target}, which takes write authority and traffic.`;
    case "unplanned-failover":
      return `${source} is impaired: ${target} is promoted with data loss (the writes not yet replicated). Fencing ${source} is attempted and recorded, best effort.`;
    case "failback":
      return `For after an unplanned failover away from ${target}, once it is back: fences any stale authority claim in ${target}, re-protects it (replication into ${target} connected and within budget), then switches over to ${target} with zero data loss.`;
    case "restore-writes":
      return `The way back when a run stopped half-way or no region (or two) holds write authority: ${target}, the Aurora writer, gets authority at a new epoch after ${source}'s claim is fenced (best effort), then its app role and traffic. The database is not touched.`;
  }
}

/** Holds the console's one active slot: a pending proposal, or an approved one whose run is under way. */
export const isActive = (status: ProposalStatus) => status === "pending" || status === "approved";

/** The active proposal (the API lists newest first; there is at most one). */
export function activeProposal(proposals: readonly Proposal[]): Proposal | null {
  return proposals.find((p) => isActive(p.status)) ?? null;
}

/** The newest proposal that has ended (rejected, cancelled, expired, voided or done), for its outcome. */
export function lastEnded(proposals: readonly Proposal[]): Proposal | null {
  return proposals.find((p) => !isActive(p.status)) ?? null;
}

/** What a checklist offers to propose; planned checklists also offer failback (see ProposeActions). */
export function runbooksFor(checklist: ReadinessChecklist): Runbook[] {
  if (checklist.mode === "restore") return ["restore-writes"];
  return checklist.mode === "unplanned" ? ["unplanned-failover"] : ["planned-failover", "failback"];
}

/**
 * Restore writes is offered when who may write is not settled — no region, or two, hold authority —
 * or when a run stopped half-way (the run page offers it then).
 */
export function restoreOffered(snapshot: Snapshot): boolean {
  return snapshot.verdict.authority === "none" || snapshot.verdict.authority === "split";
}

/** The target already owns writes: there is nothing to promote (and an approval would be void). */
export function targetIsWriter(checklist: ReadinessChecklist): boolean {
  return checklist.checks.some((c) => c.id === "target-not-writer" && c.status === "fail");
}

/** The last lag seen into a target: shared with the server, which stores its own reading with a proposal. */
export { lastLagInto } from "@/lib/lag";

export interface ProposeDraft {
  runbook: Runbook;
  reason: string;
  /** Unplanned only: the data-loss box is ticked. */
  acknowledged: boolean;
}

/**
 * What the form sends: the acknowledgement alone, never a lag figure — the server records its
 * monitor's last lag and its age with the proposal, and that is what the approver sees.
 */
export function proposalBody(draft: ProposeDraft & { targetRegion: string }): ProposalInput {
  const body = { runbook: draft.runbook, targetRegion: draft.targetRegion, reason: draft.reason.trim() };
  return draft.runbook === "unplanned-failover" && draft.acknowledged ? { ...body, dataLossAck: { acknowledged: true } } : body;
}

/** Field errors before anything is sent (the server checks again and its message is shown verbatim). */
export function proposeErrors(draft: ProposeDraft): { reason?: string; ack?: string } {
  const errors: { reason?: string; ack?: string } = {};
  if (draft.reason.trim().length < 10) errors.reason = "Say why in at least 10 characters.";
  if (draft.runbook === "unplanned-failover" && !draft.acknowledged) {
    errors.ack = "Tick the acknowledgement: an unplanned failover loses the writes not yet replicated.";
  }
  return errors;
}

export interface Change {
  what: "Authority flag" | "App role" | "Routing" | "Database writer";
  region: string;
  before: string;
  after: string;
}

const authorityOf = (r: RegionState | undefined) => (r && r.authority.status !== "unknown" ? `${r.authority.value.role}@${r.authority.value.epoch}` : "unknown");
const appRoleOf = (r: RegionState | undefined) => (r && r.appRole.status !== "unknown" ? r.appRole.value.role : "unknown");

function routingOf(r: RegionState | undefined): string {
  if (!r || r.routingControls.status === "unknown" || r.routingControls.value.length === 0) return "unknown";
  const states = new Set(r.routingControls.value.map((c) => c.state));
  return states.size === 1 ? [...states].join("") : "mixed On/Off";
}

/** Each region as it is now, in the words of a before → after table: for a run that stopped half-way. */
export function worldNow(snapshot: Snapshot): { region: string; aurora: string; authority: string; appRole: string; routing: string }[] {
  return snapshot.regions.map((r) => ({
    region: r.id,
    aurora: r.aurora.status !== "unknown" ? r.aurora.value.role : "unknown",
    authority: authorityOf(r),
    appRole: appRoleOf(r),
    routing: routingOf(r),
  }));
}

/** The Aurora writer as the snapshot last saw it (a stale value counts: it is shown as "before"). */
function writerOf(snapshot: Snapshot): string {
  const writers = snapshot.regions.filter((r) => r.aurora.status !== "unknown" && r.aurora.value.role === "writer").map((r) => r.id);
  return writers.length > 0 ? writers.join(" + ") : "unknown";
}

/**
 * What the run will change, before → after, from the live snapshot. The epoch a run writes is one
 * above the highest epoch either region shows (what the server's run plan uses), so the source is
 * fenced and the target promoted at the same new epoch n+1.
 */
export function plannedChanges(proposal: Pick<Proposal, "sourceRegion" | "targetRegion"> & Partial<Pick<Proposal, "runbook">>, snapshot: Snapshot): Change[] {
  const { sourceRegion: s, targetRegion: t } = proposal;
  const source = snapshot.regions.find((r) => r.id === s);
  const target = snapshot.regions.find((r) => r.id === t);
  const next = Math.max(0, ...snapshot.regions.map((r) => r.authority.value?.epoch ?? 0)) + 1;
  return [
    { what: "Authority flag", region: s, before: authorityOf(source), after: `fenced@${next}` },
    { what: "Authority flag", region: t, before: authorityOf(target), after: `primary@${next}` },
    { what: "App role", region: s, before: appRoleOf(source), after: "passive" },
    { what: "App role", region: t, before: appRoleOf(target), after: "active" },
    { what: "Routing", region: t, before: routingOf(target), after: "On" },
    { what: "Routing", region: s, before: routingOf(source), after: "Off" },
    proposal.runbook === "restore-writes"
      ? { what: "Database writer", region: t, before: writerOf(snapshot), after: `${t} (not touched)` }
      : { what: "Database writer", region: `${s} → ${t}`, before: writerOf(snapshot), after: t },
  ];
}

/** "14 min 32 s left" / "expired"; null before the browser knows the time (server render). */
export function remaining(expiresAt: string, now: number | null): { ms: number; expired: boolean } | null {
  if (now === null) return null;
  const ms = Date.parse(expiresAt) - now;
  return { ms: Math.max(0, ms), expired: ms <= 0 };
}

/**
 * Whether an unplanned failover's data-loss estimate can still grow (issue 15 §3): it can while the
 * old writer may still accept writes — it says it does, or it cannot be read (a dark region's
 * clients may still be writing to it) — and cannot once its readiness says it does not.
 */
export function dataLossGrowth(snapshot: Snapshot, source: string): { canGrow: boolean | null; text: string } {
  const readiness = snapshot.regions.find((r) => r.id === source)?.readiness;
  if (!readiness || readiness.status !== "ok") {
    return { canGrow: null, text: `The loss may still grow: ${source}'s readiness cannot be read, so it may still accept writes from clients inside the region until it is fenced.` };
  }
  const { httpStatus, writable, authorisedForWrites } = readiness.value;
  if (httpStatus < 400 && writable && authorisedForWrites) {
    return { canGrow: true, text: `The loss can still grow: ${source} still accepts writes (its readiness endpoint says writable and authorised) until it is fenced.` };
  }
  const why = [httpStatus >= 400 ? `HTTP ${httpStatus}` : null, writable ? null : "not writable", authorisedForWrites ? null : "not authorised"].filter(Boolean).join(", ");
  return { canGrow: false, text: `The loss cannot grow: ${source} does not accept writes now (its readiness endpoint says ${why}).` };
}
