import "server-only";
import type { DurationFigure, EventRef, MomentFigure, RecoveryFigures, TimelineEvent } from "@/lib/incidents";
import { isBadTransition } from "./events";

/**
 * The recovery figures, computed from the timeline's own events (one pass, in time order, holding
 * only the few events that matter), so each figure can name the records it rests on. Definitions
 * are in README.md; every figure that cannot be computed is null with the reason.
 */
/**
 * Everything the collector reacts to. A figures-only scan (sources.ts) reads just these rows —
 * plus every finding raised and every transition to a bad state (events.ts BAD_STATES) — and a
 * test checks that it yields the same figures as a pass over the whole timeline.
 */
export const FIGURE_INPUTS = {
  auditActions: [
    "incident.declared",
    "proposal.created",
    "proposal.approved",
    "proposal.rejected",
    "proposal.cancelled",
    "proposal.expired",
    "run.started",
    "run.succeeded",
    "run.failed",
    "run.aborted",
    "run.voided",
    "run.step_succeeded",
    "run.step_skipped",
  ],
  /** Of the step results, only these steps matter. */
  stepActions: ["run.step_succeeded", "run.step_skipped"],
  // "routing" moves traffic in one call; runs recorded before it had the two steps after it.
  steps: ["verify-target", "routing", "routing-source-off", "routing-target-on"],
  /** Observation kinds read in full (the new region's health and routing). */
  observationKinds: ["health", "routing"],
} as const;

export interface FigureContext {
  incidentId: string;
  /** routing.dnsTtlSeconds from the config (its default when the config has no routing section). */
  dnsTtlSeconds: number;
  /** RPO estimates stored on the runs (a run that has not finished has not audited its estimate yet). */
  rpoEstimates?: ReadonlyMap<string, number | null>;
}

interface RunTrack {
  id: string;
  runbook: string;
  source: string;
  target: string;
  proposalId: string;
  started: TimelineEvent;
  ended: TimelineEvent | null;
  status: string | null;
  rpoEstimateMs: number | null;
}

const ref = (e: TimelineEvent): EventRef => ({ table: e.source.table, id: e.source.id, at: e.at });
const ms = (a: TimelineEvent, b: TimelineEvent) => Date.parse(b.at) - Date.parse(a.at);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const clock = (e: TimelineEvent) => e.at.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");

export class FigureCollector {
  private firstImpact: TimelineEvent | null = null;
  private firstCritical: TimelineEvent | null = null;
  private declared: TimelineEvent | null = null;
  private readonly proposalCreated = new Map<string, TimelineEvent>();
  private readonly proposalDecided = new Map<string, TimelineEvent>();
  private readonly runs = new Map<string, RunTrack>();
  private failover: RunTrack | null = null;
  private failback: RunTrack | null = null;
  /** Per region, per health check: its last known state. */
  private readonly health = new Map<string, Map<string, TimelineEvent>>();
  private routingOn: TimelineEvent | null = null;
  private recovered: { at: TimelineEvent; refs: TimelineEvent[] } | null = null;
  private verified: TimelineEvent | null = null;
  private routingChange: TimelineEvent | null = null;
  private routingOnStep: TimelineEvent | null = null;

  constructor(private readonly ctx: FigureContext) {}

  add(e: TimelineEvent): void {
    if (e.kind === "signal" || e.kind === "finding") this.addObservation(e);
    else if (e.kind === "audit") this.addAudit(e);
  }

  private addObservation(e: TimelineEvent): void {
    const to = e.data.to;
    const impact = e.kind === "finding" ? to === "raised" && (e.severity === "warning" || e.severity === "critical") : isBadTransition(e.type, to);
    if (impact && !this.firstImpact) this.firstImpact = e;
    if (e.kind === "finding" && to === "raised" && e.severity === "critical" && !this.firstCritical) this.firstCritical = e;
    if (e.type === "health" && e.region) {
      const checks = this.health.get(e.region) ?? new Map<string, TimelineEvent>();
      checks.set(str(e.data.subject), e);
      this.health.set(e.region, checks);
    }
    const run = this.failover;
    if (!run) return;
    if (e.type === "routing" && e.region === run.target && to === "On") this.routingOn ??= e;
    if (e.type === "routing" && e.region === run.source && to === "Off") this.routingChange ??= e;
    if (!this.recovered && this.routingOn && e.region === run.target && (e.type === "routing" || e.type === "health")) this.checkRecovered(run, e);
  }

  /** Recovered: traffic On in the new region and none of its health checks known unhealthy. */
  private checkRecovered(run: RunTrack, at: TimelineEvent): void {
    const checks = [...(this.health.get(run.target)?.values() ?? [])];
    if (checks.some((c) => c.data.to !== "healthy")) return;
    const routingOn = this.routingOn;
    if (!routingOn) return;
    this.recovered = { at, refs: [routingOn, ...checks.filter((c) => c !== routingOn)] };
  }

  private addAudit(e: TimelineEvent): void {
    const d = e.data;
    const proposalId = str(d.proposalId);
    switch (e.type) {
      case "incident.declared":
        if (str(d.incidentId) === this.ctx.incidentId) this.declared ??= e;
        return;
      case "proposal.created":
        if (!this.proposalCreated.has(proposalId)) this.proposalCreated.set(proposalId, e);
        return;
      case "proposal.approved":
      case "proposal.rejected":
      case "proposal.cancelled":
      case "proposal.expired":
        if (!this.proposalDecided.has(proposalId)) this.proposalDecided.set(proposalId, e);
        return;
      case "run.started":
        return this.runStarted(e);
      case "run.succeeded":
      case "run.failed":
      case "run.aborted":
      case "run.voided":
        return this.runEnded(e);
      case "run.step_succeeded":
      case "run.step_skipped":
        return this.stepDone(e);
    }
  }

  private runStarted(e: TimelineEvent): void {
    const d = e.data;
    const run: RunTrack = {
      id: str(d.runId),
      runbook: str(d.runbook),
      source: str(d.sourceRegion),
      target: str(d.targetRegion),
      proposalId: str(d.proposalId),
      started: e,
      ended: null,
      status: null,
      rpoEstimateMs: null,
    };
    this.runs.set(run.id, run);
    if (!this.failover && run.runbook !== "failback") {
      this.failover = run;
      // Health seen before the run counts: a target that was healthy all along has no transition.
    } else if (this.failover && !this.failback && (run.runbook === "failback" || (run.runbook === "planned-failover" && run.target === this.failover.source))) {
      this.failback = run;
    }
  }

  private runEnded(e: TimelineEvent): void {
    const run = this.runs.get(str(e.data.runId));
    // A failed run can be retried and still succeed: keep the last word, and a success wins.
    if (!run || run.status === "succeeded") return;
    run.ended = e;
    run.status = e.type.slice(4);
    if (typeof e.data.rpoEstimateMs === "number") run.rpoEstimateMs = e.data.rpoEstimateMs;
  }

  private stepDone(e: TimelineEvent): void {
    const run = this.failover;
    if (!run || str(e.data.runId) !== run.id) return;
    const step = str(e.data.step);
    if (step === "verify-target" && e.type === "run.step_succeeded") this.verified ??= e;
    if (step === "routing" || step === "routing-source-off") this.routingChange ??= e;
    if (step === "routing-target-on") this.routingOnStep ??= e;
  }

  finish(): RecoveryFigures {
    const firstImpact = this.impactFigure();
    const detected = this.detectedFigure();
    return {
      firstImpact,
      detected,
      timeToDetect: this.timeToDetect(),
      timeToDecide: this.timeToDecide(),
      timeToRecover: this.timeToRecover(),
      dataLoss: this.dataLoss(),
      dnsWindow: this.dnsWindow(),
      timeToFailback: this.timeToFailback(),
    };
  }

  private impactFigure(): MomentFigure {
    const e = this.firstImpact;
    return e
      ? { kind: "moment", label: "First impact signal", at: e.at, refs: [ref(e)], explanation: `first sign of trouble: ${e.title}` }
      : { kind: "moment", label: "First impact signal", at: null, refs: [], explanation: "no signal turned bad and no warning or critical finding was raised in the window" };
  }

  /** The earlier of the first critical finding and the declaration: whoever noticed first, console or person. */
  private detectedEvent(): TimelineEvent | null {
    const [a, b] = [this.firstCritical, this.declared];
    if (a && b) return ms(a, b) >= 0 ? a : b;
    return a ?? b;
  }

  private detectedFigure(): MomentFigure {
    const e = this.detectedEvent();
    if (!e) return { kind: "moment", label: "Detected", at: null, refs: [], explanation: "no critical finding was raised and the declaration is not in the window" };
    const how = e.kind === "finding" ? `critical finding raised: ${e.title.replace(/^Finding raised: /, "")}` : "the incident was declared";
    return { kind: "moment", label: "Detected", at: e.at, refs: [ref(e)], explanation: how };
  }

  private timeToDetect(): DurationFigure {
    const label = "Time to detect";
    const impact = this.firstImpact;
    const detected = this.detectedEvent();
    if (!impact) return nullDuration(label, "no first impact signal in the window");
    if (!detected) return nullDuration(label, "nothing marks the detection (no critical finding, no declaration)");
    const span = ms(impact, detected);
    const explanation = span < 0 ? "detected before the first impact signal was recorded" : "first impact signal → detection";
    return { kind: "duration", label, ms: Math.max(0, span), endsAt: detected.at, refs: [ref(impact), ref(detected)], explanation };
  }

  private timeToDecide(): DurationFigure {
    const label = "Time to decide";
    const id = this.failover?.proposalId ?? [...this.proposalCreated.entries()].find(([, e]) => e.data.runbook !== "failback")?.[0];
    if (id === undefined) return nullDuration(label, "no failover was proposed in the window");
    const created = this.proposalCreated.get(id);
    const decided = this.proposalDecided.get(id);
    if (!created) return nullDuration(label, `proposal ${id} was created before the window`);
    if (!decided || decided.type !== "proposal.approved") {
      const why = decided ? `proposal ${id} ended ${decided.type.slice(9)} without approval` : `proposal ${id} was not approved in the window`;
      return { ...nullDuration(label, why), refs: [ref(created), ...(decided ? [ref(decided)] : [])] };
    }
    return { kind: "duration", label, ms: ms(created, decided), endsAt: decided.at, refs: [ref(created), ref(decided)], explanation: `proposed by ${created.actor?.name ?? "?"} → approved by ${decided.actor?.name ?? "?"}` };
  }

  private timeToRecover(): DurationFigure {
    const label = "Time to recover (RTO)";
    const run = this.failover;
    const impact = this.firstImpact;
    if (!impact) return nullDuration(label, "no first impact signal in the window");
    if (!run) return nullDuration(label, "no failover run in the window: traffic never moved to another region");
    // Whichever shows it first: the monitor seeing traffic On and healthy, or the run's verification.
    const observed = this.recovered;
    const verified = this.verified;
    const useVerified = verified && (!observed || ms(verified, observed.at) > 0);
    if (useVerified) {
      return { kind: "duration", label, ms: ms(impact, verified), endsAt: verified.at, refs: [ref(impact), ref(verified)], explanation: `first impact → ${run.target} verified healthy and writable by the run` };
    }
    if (observed) {
      return { kind: "duration", label, ms: ms(impact, observed.at), endsAt: observed.at.at, refs: [ref(impact), ...observed.refs.map(ref)], explanation: `first impact → traffic On in ${run.target} and its health checks healthy` };
    }
    return { ...nullDuration(label, `${run.target} was not seen with traffic On and healthy before the window ended`), refs: [ref(run.started)] };
  }

  private dataLoss(): DurationFigure {
    const label = "Data-loss window (RPO)";
    const run = this.failover;
    if (!run) return nullDuration(label, "no failover run in the window");
    const refs = [ref(run.started), ...(run.ended ? [ref(run.ended)] : [])];
    if (run.runbook === "planned-failover") {
      return { kind: "duration", label, ms: 0, endsAt: null, refs, explanation: "planned switchover: the old writer was fenced and replication caught up first, so no writes were lost" };
    }
    const estimate = run.rpoEstimateMs ?? this.ctx.rpoEstimates?.get(run.id) ?? null;
    if (estimate === null) return { ...nullDuration(label, "the unplanned failover recorded no RPO estimate (it stopped before the failover step)"), refs };
    return { kind: "duration", label, ms: estimate, endsAt: null, refs, explanation: `unplanned failover: RPO lag into ${run.target} read just before the old writer was given up` };
  }

  private dnsWindow(): DurationFigure {
    const label = "DNS window";
    const change = this.routingChange ?? this.routingOn ?? this.routingOnStep;
    if (!this.failover || !change) return nullDuration(label, "traffic was not moved in the window");
    const ttlMs = this.ctx.dnsTtlSeconds * 1000;
    const endsAt = new Date(Date.parse(change.at) + ttlMs).toISOString();
    const what = change === this.routingChange ? `${this.failover.source} routing Off` : `${this.failover.target} routing On`;
    return {
      kind: "duration",
      label,
      ms: ttlMs,
      endsAt,
      refs: [ref(change)],
      explanation: `${what} at ${clock(change)}; resolvers may keep the old answer for the record TTL (routing.dnsTtlSeconds ${this.ctx.dnsTtlSeconds})`,
    };
  }

  private timeToFailback(): DurationFigure {
    const label = "Time to failback";
    const run = this.failover;
    if (!run) return nullDuration(label, "no failover run in the window");
    if (run.status !== "succeeded" || !run.ended) return nullDuration(label, `the failover run did not succeed in the window (${run.status ?? "still running"})`);
    const back = this.failback;
    if (!back) return { ...nullDuration(label, `no failback to ${run.source} was started in the window`), refs: [ref(run.ended)] };
    if (back.status !== "succeeded" || !back.ended) return { ...nullDuration(label, `the failback run did not succeed in the window (${back.status ?? "still running"})`), refs: [ref(run.ended), ref(back.started)] };
    return { kind: "duration", label, ms: ms(run.ended, back.ended), endsAt: back.ended.at, refs: [ref(run.ended), ref(back.ended)], explanation: `${run.runbook} done → failback to ${run.source} done` };
  }
}

function nullDuration(label: string, explanation: string): DurationFigure {
  return { kind: "duration", label, ms: null, endsAt: null, refs: [], explanation };
}

/** For one-off use (tests, small timelines). */
export function computeFigures(events: Iterable<TimelineEvent>, ctx: FigureContext): RecoveryFigures {
  const c = new FigureCollector(ctx);
  for (const e of events) c.add(e);
  return c.finish();
}
