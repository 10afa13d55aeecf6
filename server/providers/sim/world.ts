import type { AppRoleView, AuroraView, AuthorityView, FaultKind, FaultState, HealthCheckView, LagView, ReadinessProbeView, RoutingControlView, Service } from "@/lib/snapshot";
import type { AnchoredClock, Clock } from "@/server/clock";
import type { SimConfig } from "@/server/config/schema";
import { ProviderError, type AuthorityWrite, type FaultControl, type RegionProvider, type RoutingUpdate, type RoutingUpdateOptions, type SafetyRuleView } from "@/server/providers/port";
import { auroraView, cancelOnOutage, settle, startOperation } from "./aurora";
import type { WorldCore } from "./core";
import { FaultBook } from "./faults";
import { CallGate } from "./gate";
import { healthChecksOf } from "./health";
import { hash32, mulberry32 } from "./prng";
import { appRoleOf, authorityOf, readinessOf, writeAppRoleRecord, writeAuthorityRecord } from "./records";
import { restoredState, saveWorld, type SavedWorld } from "./persist";
import { lagDatapoint, updateLink } from "./replication";
import { regionOfControl, routingControlsOf, safetyRuleViews, setControlStates } from "./routing";
import { initialState } from "./state";
import { buildTopology } from "./topology";

export interface SimWorldOptions {
  /** Fixes every random choice (lag, checkers, latency, throttling). Default: config `sim.seed`, else 1. */
  seed?: number;
  /** Fixed simulated latency per call in clock ms; 0 answers without touching the clock. Default: 5–40 ms, seeded. */
  operationDelayMs?: number;
  /** Occasional natural lag spikes above the usual 50–900 ms (default on). The lag-spike fault works either way. */
  lagSpikes?: boolean;
  /** Scales how long RDS switchovers, failovers and rebuilds take (1 = as documented, 0 = done at the next read). Default: config `sim.operationTimeScale`. */
  operationTimeScale?: number;
  /** The state a previous console process saved; ignored if it belongs to another configuration. */
  saved?: SavedWorld | null;
  /** Saves the world after every change (the console's store); a write is answered once it is saved. */
  persist?: (saved: SavedWorld) => Promise<void>;
  /**
   * Shares the world with the other consoles on the same store (instead of `persist`): every change
   * is applied to the latest saved state under the store's lock, then saved (README "Shared world").
   */
  store?: WorldStore;
}

/** Where consoles that share one world keep it (server/live/sim-world.ts keeps it in the `settings` table). */
export interface WorldStore {
  /**
   * Locks the saved world, hands `change` the saved state (null when there is none), saves the
   * state `change` returns and tells the other consoles; resolves with `change`'s result once
   * committed. A `change` that throws saves nothing.
   */
  update<T>(change: (latest: SavedWorld | null) => { result: T; saved: SavedWorld }): Promise<T>;
  /** The saved state now (null when there is none or it does not parse). */
  load(): Promise<SavedWorld | null>;
}

export const DEFAULT_SEED = 1;

/**
 * The simulated two-region world behind the RegionProvider port: reads answer (or fail) the way
 * the AWS services they stand for do, drill faults change that per region, and the write methods
 * give the runbooks the same asynchronous, rule-guarded behaviour as AWS.
 * Time comes only from the injected clock.
 */
export class SimWorld implements RegionProvider, FaultControl {
  readonly kind = "sim" as const;
  readonly seed: number;
  private core: WorldCore;
  private readonly gate: CallGate;
  private readonly timeScale: number;
  private readonly visibilityDelayMs: number;
  private readonly toWall: (worldMs: number) => number;
  private readonly persist: ((saved: SavedWorld) => Promise<void>) | undefined;
  private readonly store: WorldStore | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** The saved state this world carries on from (0: none); each save raises it by one. */
  private rev: number;
  /** True when the world carried on from a saved state rather than starting fresh. */
  readonly restored: boolean;

  /** `clock` is the world's own (it may run at the sim's speed); its `toWall` dates what the world reports on the console's timeline. */
  constructor(config: SimConfig, private readonly clock: Clock & Partial<Pick<AnchoredClock, "toWall" | "anchor">>, options: SimWorldOptions = {}) {
    this.seed = options.seed ?? config.sim.seed ?? DEFAULT_SEED;
    this.timeScale = options.operationTimeScale ?? config.sim.operationTimeScale;
    this.visibilityDelayMs = config.sim.visibilityDelayMs;
    this.toWall = clock.toWall ?? ((worldMs) => worldMs);
    this.persist = options.persist;
    this.store = options.store;
    this.rev = options.saved?.rev ?? 0;
    const topology = buildTopology(config);
    const regionIds = [topology.regions[0].id, topology.regions[1].id] as const;
    const faults = new FaultBook(regionIds);
    const fresh = { topology, regionIds, faults, seed: this.seed, lagSpikes: options.lagSpikes ?? true, state: initialState(topology, this.iso(this.now())) };
    const restored = options.saved ? restoredState(fresh, options.saved) : null;
    if (restored && options.saved) faults.restore(options.saved.faults);
    this.restored = restored !== null;
    this.core = restored ? { ...fresh, state: restored } : fresh;
    this.gate = new CallGate({
      clock,
      faults,
      operationDelayMs: options.operationDelayMs,
      latencyRandom: mulberry32(hash32(this.seed, "latency")),
      throttleRandom: mulberry32(hash32(this.seed, "throttle")),
    });
  }

  /** The two region ids, the initial writer first. */
  regions(): readonly [string, string] {
    return this.core.regionIds;
  }

  readAurora(region: string, signal: AbortSignal): Promise<AuroraView> {
    return this.call(region, "rds", "DescribeGlobalClusters", signal, (t) => auroraView(this.core, region, t));
  }

  readLag(region: string, signal: AbortSignal): Promise<LagView> {
    return this.call(region, "cloudwatch", "GetMetricData", signal, (t) => lagDatapoint(this.core, region, t, (ms) => this.iso(ms)));
  }

  readHealthChecks(region: string, signal: AbortSignal): Promise<HealthCheckView[]> {
    return this.call(region, "route53", "GetHealthCheckStatus", signal, (t) => healthChecksOf(this.core, region, t, (ms) => this.iso(ms)));
  }

  readRoutingControls(region: string, signal: AbortSignal): Promise<RoutingControlView[]> {
    return this.call(region, "arc", "GetRoutingControlState", signal, () => routingControlsOf(this.core, region));
  }

  readAuthority(region: string, signal: AbortSignal): Promise<AuthorityView> {
    return this.call(region, "authority", "GetObject (authority flag)", signal, () => authorityOf(this.core, region, (ms) => this.iso(ms)));
  }

  readAppRole(region: string, signal: AbortSignal): Promise<AppRoleView> {
    return this.call(region, "appRole", "GetParameter (app role)", signal, () => appRoleOf(this.core, region));
  }

  probeReadiness(region: string, signal: AbortSignal): Promise<ReadinessProbeView> {
    return this.call(region, "readiness", "GET readiness endpoint", signal, () => readinessOf(this.core, region));
  }

  async close(): Promise<void> {
    this.gate.close();
    await this.flush();
  }

  /** Resolves once every change so far is saved. */
  async flush(): Promise<void> {
    await this.saving;
  }

  faults(): FaultState[] {
    return this.core.faults.list();
  }

  /**
   * Takes effect at once for this console's reads; resolves once saved (and, when shared, once
   * the other consoles can load it), rejects when it could not be saved. Shared, the toggle is
   * applied again to the latest saved state under the lock, so a toggle made at the same moment on
   * another console is kept, not overwritten.
   */
  setFault(region: string, fault: FaultKind, active: boolean): Promise<void> {
    this.core.faults.assertRegion(region);
    const toggle = (t: number) => {
      if (!this.core.faults.set(region, fault, active, t)) return false;
      if (fault === "region-outage") {
        if (active) cancelOnOutage(this.core, region, t);
        updateLink(this.core, t);
      }
      return true;
    };
    const t = this.now();
    settle(this.core, t);
    if (!toggle(t) && !this.store) return Promise.resolve();
    return this.change(toggle).then(() => undefined);
  }

  /** Saves the world as it is now (shared: after taking over a newer stored one, if any). */
  share(): Promise<void> {
    return this.change(() => undefined);
  }

  /** Which saved state this world carries on from: 0 before the first save. */
  get revision(): number {
    return this.rev;
  }

  /**
   * Carries on from a state another console saved (it announced a newer revision): the records,
   * the faults, and the mapping of world time onto the wall's, so both consoles' clocks agree.
   * Returns false, changing nothing, for a state no newer than this one or of another world.
   */
  adopt(saved: SavedWorld): boolean {
    if (saved.rev <= this.rev) return false;
    const state = restoredState(this.core, saved);
    if (state === null) return false;
    this.clock.anchor?.(saved.worldAt, saved.wallAt);
    this.core.faults.restore(saved.faults);
    this.core = { ...this.core, state };
    this.rev = saved.rev;
    return true;
  }

  /** ARC ListSafetyRules: the configured rules of the control panel (sim.safetyRules). */
  async readSafetyRules(signal: AbortSignal): Promise<SafetyRuleView[]> {
    return this.call(this.core.regionIds[0], "arc", "ListSafetyRules", signal, () => safetyRuleViews(this.core));
  }

  /** The last failover with data loss: when, between which regions, and the RPO lag it threw away. */
  lastFailover(): { at: string; from: string; to: string; estimatedDataLossMs: number | null } | null {
    const last = this.core.state.lastFailover;
    return last === null ? null : { ...last, at: new Date(last.at).toISOString() };
  }

  /** RDS SwitchoverGlobalCluster to `targetRegion`, sent to `callRegion`'s endpoint (accepted only in the primary's). */
  switchoverGlobalCluster(targetRegion: string, callRegion: string, signal: AbortSignal): Promise<void> {
    return this.write(callRegion, "rds", "SwitchoverGlobalCluster", signal, (t) => this.start("switchover", targetRegion, callRegion, t));
  }

  /** RDS FailoverGlobalCluster with AllowDataLoss, called in the target's region: works with the primary dark. */
  failoverGlobalCluster(targetRegion: string, signal: AbortSignal): Promise<void> {
    return this.write(targetRegion, "rds", "FailoverGlobalCluster", signal, (t) => this.start("failover", targetRegion, targetRegion, t));
  }

  /** RDS RemoveFromGlobalCluster for the target's cluster, called there: it becomes a standalone writer; the old primary is not fenced. */
  detachFromGlobalCluster(targetRegion: string, signal: AbortSignal): Promise<void> {
    return this.write(targetRegion, "rds", "RemoveFromGlobalCluster", signal, (t) => this.start("detach", targetRegion, targetRegion, t));
  }

  /** ARC UpdateRoutingControlStates: judged as a whole against the configured safety rules and their wait periods. */
  async updateRoutingControls(updates: readonly RoutingUpdate[], signal: AbortSignal, options: RoutingUpdateOptions = {}): Promise<void> {
    const first = updates[0];
    if (first === undefined) return;
    // The ARC cluster answers for every control; the call is attributed to the first control's region.
    return this.write(regionOfControl(this.core, first.arn), "arc", "UpdateRoutingControlStates", signal, (t) => setControlStates(this.core, updates, t, options.safetyRulesToOverride));
  }

  /** Conditional write of the authority flag stored in `region`; StaleEpoch (WriteRejectedError) for a lower epoch. */
  writeAuthority(region: string, record: AuthorityWrite, signal: AbortSignal): Promise<AuthorityView> {
    return this.write(region, "authority", "PutObject (authority flag)", signal, (t) => writeAuthorityRecord(this.core, region, record, this.iso(t)));
  }

  writeAppRole(region: string, role: AppRoleView["role"], signal: AbortSignal): Promise<AppRoleView> {
    return this.write(region, "appRole", "PutParameter (app role)", signal, () => writeAppRoleRecord(this.core, region, role));
  }

  /** Calls hanging on a dark region right now; each holds one listener on its caller's signal. */
  get hangingCalls(): number {
    return this.gate.hanging;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** A world instant as the ISO timestamp the console sees (on its own, wall-clock timeline). */
  private iso(worldMs: number): string {
    return new Date(this.toWall(worldMs)).toISOString();
  }

  private start(kind: "switchover" | "failover" | "detach", target: string, callRegion: string, t: number): void {
    if (!this.core.regionIds.includes(target)) throw new ProviderError("not_found", "rds", target, `unknown region "${target}": expected one of ${this.core.regionIds.join(", ")}`);
    startOperation(this.core, { kind, target, callRegion, t, timeScale: this.timeScale, visibilityDelayMs: this.visibilityDelayMs });
  }

  /** A call that changes the world: past the gate (latency, faults, throttling) like a read, then applied and answered once it is saved, as AWS answers once it is durable. */
  private async write<T>(region: string, service: Service, operation: string, signal: AbortSignal, answer: (t: number) => T): Promise<T> {
    await this.call(region, service, operation, signal, () => undefined);
    return this.change(answer);
  }

  /** Applies `apply` and saves; shared, it is applied to the latest saved state under the store's lock. */
  private change<T>(apply: (t: number) => T): Promise<T> {
    const store = this.store;
    if (!store) {
      const t = this.now();
      settle(this.core, t);
      const result = apply(t);
      return this.save().then(() => result);
    }
    const next = store.update((latest) => {
      if (latest) this.adopt(latest);
      const t = this.now();
      settle(this.core, t);
      const result = apply(t);
      this.rev = Math.max(this.rev, latest?.rev ?? 0) + 1;
      return { result, saved: saveWorld(this.core, t, this.toWall(t), this.rev) };
    });
    // A save that failed may have left this world ahead of the stored one: go back to what is stored.
    const settled = next.catch(async (err: unknown) => {
      const stored = await store.load().catch(() => null);
      if (stored) this.reset(stored);
      throw err;
    });
    this.saving = Promise.all([this.saving, settled.catch(() => undefined)]).then(() => undefined);
    return settled;
  }

  /** Back to `saved` whatever its revision (after a failed save: this world's revision is ahead of it). */
  private reset(saved: SavedWorld): void {
    const rev = this.rev;
    this.rev = -1;
    if (!this.adopt(saved)) this.rev = rev;
  }

  /** Saves the world in order, one save after another; a failed save is reported to the caller that asked for it. */
  private save(): Promise<void> {
    const persist = this.persist;
    if (!persist) return Promise.resolve();
    const next = this.saving.catch(() => undefined).then(() => {
      this.rev += 1;
      return persist(saveWorld(this.core, this.now(), this.toWall(this.now()), this.rev));
    });
    this.saving = next.catch(() => undefined);
    return next;
  }

  private call<T>(region: string, service: Service, operation: string, signal: AbortSignal, answer: (t: number) => T): Promise<T> {
    if (!this.core.regionIds.includes(region)) {
      return Promise.reject(new ProviderError("not_found", service, region, `unknown region "${region}": expected one of ${this.core.regionIds.join(", ")}`));
    }
    return this.gate.run({ region, service, operation }, signal, () => {
      // Whatever finished in the meantime (a switchover, a cancellation) is applied before answering.
      const t = this.now();
      settle(this.core, t);
      return answer(t);
    });
  }
}
