import "server-only";
import type { PlanStatus } from "@/lib/plan";
import { Snapshot, SERVICES, type RegionState, type ReplicaView, type Service, type StoreStatus } from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import type { ConsoleConfig } from "@/server/config";
import type { Db } from "@/server/db";
import { unfenced, type LeaderWrite } from "@/server/leader";
import { log } from "@/server/log";
import type { FaultControl, RegionReader } from "@/server/providers/port";
import { regionFacts } from "./facts";
import { deriveFindings } from "./findings";
import { withPlanFindings } from "./findings-plan";
import { RegionPoller } from "./poller";
import { readinessChecklists } from "./readiness";
import { lagSignal, toSignal } from "./signal";
import { NO_STALLS, StallWatch, type Stall, type StallLedger } from "./stall";
import { pruneLagSamples, recordConsoleStall, recordLagSample, recordTransitions } from "./store";
import { diffSnapshots } from "./transitions";
import { deriveVerdict } from "./verdict";

export interface MonitorDeps {
  config: ConsoleConfig;
  provider: RegionReader;
  faults: FaultControl | null;
  clock: Clock;
  db: Db;
  /**
   * Observations and lag samples are recorded once, by the leader, behind its fence (issue 14):
   * every replica polls and shows, one writes the timeline. Default: this process alone.
   */
  asLeader?: LeaderWrite;
  /** This replica and the leader, for the screen (issue 14 §1). */
  replica?: () => ReplicaView;
  /** The store probe's view (server/db/health.ts), carried by every snapshot; its writes here stay best effort. */
  store?: () => StoreStatus;
  /** The failover plan's stored evaluation (server/plan, issue 15 §7): its failing checks become findings. */
  plan?: () => PlanStatus | null;
}

type Listener = (snapshot: Snapshot) => void;

/**
 * Pollers per region feed one snapshot cache; requests and pushes are served from it and never
 * wait on AWS (DESIGN: reads never wait). The snapshot is rebuilt every cadence — so facts age
 * into stale and unknown even while a poll hangs — and whenever a region's poll completes.
 * Provider traffic depends only on the cadence, never on how many people watch (invariant 9).
 */
export class Monitor {
  private readonly pollers: RegionPoller[];
  private readonly listeners = new Set<Listener>();
  private readonly stopper = new AbortController();
  private latest: Snapshot;
  private latestJson: string;
  private seq = 0;
  private ticking: Promise<void> | null = null;
  private lastPrune = 0;
  private recording = false;
  /** Each fact's last known value, so a change across an unreadable spell is still recorded. */
  private readonly knownFacts = new Map<string, string>();
  readonly cadenceMs: number;
  /** The console's own event loop: its stalls are left out of every age and call time, and recorded as console events. */
  private readonly stalls: StallWatch;

  constructor(private readonly deps: MonitorDeps) {
    this.cadenceMs = deps.config.monitor.cadenceSeconds * 1000;
    this.stalls = new StallWatch(deps.clock, deps.config.monitor.stallThresholdMs, (stall) => this.onStall(stall));
    const options = { cadenceMs: this.cadenceMs, timeoutMs: deps.config.monitor.callTimeoutMs, slowCallMs: deps.config.monitor.slowCallMs, stalls: this.stalls };
    this.pollers = deps.config.regions.map((r) => new RegionPoller(r.id, deps.provider, deps.clock, options, (p) => this.onPoll(p)));
    this.latest = this.build();
    this.latestJson = JSON.stringify(this.latest);
  }

  start(): void {
    this.stalls.start();
    for (const p of this.pollers) p.start();
    this.ticking ??= this.tick();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.stalls.stop();
    await Promise.all([...this.pollers.map((p) => p.stop()), this.ticking]);
  }

  snapshot(): Snapshot {
    return this.latest;
  }

  /** The latest snapshot serialised once per publish, not once per viewer. */
  snapshotJson(): string {
    return this.latestJson;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Provider calls made so far (both regions) — for the viewers-vs-calls benchmark. */
  providerCalls(): number {
    return this.pollers.reduce((n, p) => n + p.calls, 0);
  }

  /** Every region has answered (or timed out) once: before that, "unknown" only means "just started". */
  warmedUp(): boolean {
    return this.pollers.every((p) => p.cycles > 0);
  }

  /** Completed poll cycles, both regions together. */
  pollCycles(): number {
    return this.pollers.reduce((n, p) => n + p.cycles, 0);
  }

  stats(): { providerCalls: number; pollCycles: number; subscribers: number; cadenceMs: number } {
    return { providerCalls: this.providerCalls(), pollCycles: this.pollCycles(), subscribers: this.listeners.size, cadenceMs: this.cadenceMs };
  }

  /** Rebuild and push now (after a fault toggle, so drills show at once). */
  refresh(): void {
    this.publish();
  }

  private async tick(): Promise<void> {
    while (!this.stopper.signal.aborted) {
      this.publish();
      await this.deps.clock.sleep(this.cadenceMs, this.stopper.signal).catch((err: unknown) => {
        if (!this.stopper.signal.aborted) log.error("monitor tick: sleep failed", err);
      });
    }
  }

  private onPoll(poller: RegionPoller): void {
    const lag = poller.cells.lag;
    const now = this.deps.clock.now();
    if (lag.value && lag.error === null && lag.observedAt && (lag.value.replicationLagMs !== null || lag.value.rpoLagMs !== null)) {
      const { observedAt, value } = lag;
      this.persist((tx) => recordLagSample(tx, poller.region, observedAt, value.replicationLagMs, value.rpoLagMs), "lag sample");
    }
    if (now.getTime() - this.lastPrune > 60_000) {
      this.lastPrune = now.getTime();
      const retention = this.deps.config.monitor.lagRetentionHours * 3_600_000;
      this.persist((tx) => pruneLagSamples(tx, new Date(now.getTime() - retention)), "lag pruning");
    }
    this.publish();
  }

  /**
   * The console stalled (a blocked event loop, a paused process): a fact about the console, not
   * about any region. One timeline record (a console event, never an impact), written by the
   * leader like every observation: another replica's stall is its own and changed nothing recorded.
   */
  private onStall(stall: Stall): void {
    log.warn(`monitor: the console's event loop stalled for ${stall.wallMs} ms (${stall.from.toISOString()} → ${stall.to.toISOString()}); not counted against any region`);
    this.persist((tx) => recordConsoleStall(tx, stall, this.deps.config.monitor.stallThresholdMs), "console stall");
  }

  private publish(): void {
    const prev = this.latest;
    const next = this.build();
    // What the routes serve is validated against the shared schema; a failure is a bug in the
    // monitor, logged loudly, and the previous good snapshot keeps being served.
    const valid = Snapshot.safeParse(next);
    if (!valid.success) {
      log.error("monitor built an invalid snapshot; keeping the previous one", valid.error.issues.slice(0, 5));
      return;
    }
    this.latest = next;
    this.latestJson = JSON.stringify(next);
    // Until warmed up, record nothing, and diff the first complete snapshot against nothing.
    if (this.warmedUp()) {
      const transitions = diffSnapshots(this.recording ? prev : null, next, this.knownFacts);
      this.recording = true;
      this.persist((tx) => recordTransitions(tx, new Date(next.generatedAt), transitions), "observations");
    }
    for (const listener of this.listeners) {
      try {
        listener(next);
      } catch (err) {
        log.error("snapshot subscriber failed", err);
      }
    }
  }

  private build(): Snapshot {
    const { config, clock, faults } = this.deps;
    const now = clock.now();
    const regions = this.pollers.map((p, i) => regionState(p, config.regions[i]?.partition ?? "aws", now, this.cadenceMs, this.stalls)) as [RegionState, RegionState];
    const plan = this.deps.plan?.() ?? null;
    const findings = withPlanFindings(deriveFindings(regions, config.replication.lagBudgetMs), plan);
    const facts = [regionFacts(regions[0]), regionFacts(regions[1])] as const;
    return {
      seq: ++this.seq,
      generatedAt: now.toISOString(),
      mode: config.mode,
      cadenceMs: this.cadenceMs,
      lagBudgetMs: config.replication.lagBudgetMs,
      regions,
      verdict: deriveVerdict(facts, findings),
      findings,
      readiness: readinessChecklists(facts, config.replication.lagBudgetMs),
      faults: faults ? faults.faults() : null,
      ...(this.deps.replica ? { replica: this.deps.replica() } : {}),
      ...(this.deps.store ? { store: this.deps.store() } : {}),
      ...(this.deps.plan ? { plan } : {}),
    };
  }

  /** Storage is best effort for the live view: a failed write is logged, the screen keeps going. Only the leader writes. */
  private persist(write: (tx: Db) => Promise<void>, what: string): void {
    const asLeader = this.deps.asLeader ?? unfenced(this.deps.db);
    asLeader(write).catch((err: unknown) => log.error(`monitor: could not store ${what}`, err));
  }
}

export function regionState(p: RegionPoller, partition: string, now: Date, cadenceMs: number, stalls: StallLedger = NO_STALLS): RegionState {
  const c = p.cells;
  const aurora = toSignal(c.aurora, now, cadenceMs, stalls);
  return {
    id: p.region,
    partition,
    aurora,
    lag: lagSignal(c.lag, aurora, p.region, now, cadenceMs, stalls),
    healthChecks: toSignal(c.healthChecks, now, cadenceMs, stalls),
    routingControls: toSignal(c.routingControls, now, cadenceMs, stalls),
    authority: toSignal(c.authority, now, cadenceMs, stalls),
    appRole: toSignal(c.appRole, now, cadenceMs, stalls),
    readiness: toSignal(c.readiness, now, cadenceMs, stalls),
    controlPlane: SERVICES.map((service: Service) => p.controlPlane.get(service) ?? { service, status: "unknown", latencyMs: null, error: null, at: null }),
  };
}
