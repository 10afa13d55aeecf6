import type { AppRoleView, AuroraView, AuthorityView, FaultKind, FaultState, HealthCheckView, LagView, ReadinessProbeView, RoutingControlView, Service } from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import type { SimConfig } from "@/server/config/schema";
import { ProviderError, type AuthorityWrite, type FaultControl, type RegionProvider, type RoutingUpdate, type SafetyRuleView } from "@/server/providers/port";
import { auroraView, cancelOnOutage, settle, startOperation } from "./aurora";
import type { WorldCore } from "./core";
import { FaultBook } from "./faults";
import { CallGate } from "./gate";
import { healthChecksOf } from "./health";
import { hash32, mulberry32 } from "./prng";
import { appRoleOf, authorityOf, readinessOf, writeAppRoleRecord, writeAuthorityRecord } from "./records";
import { replicationInto, updateLink } from "./replication";
import { regionOfControl, routingControlsOf, safetyRulesFor, setControlStates, type AssertionRule } from "./routing";
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
  private readonly core: WorldCore;
  private readonly gate: CallGate;
  private readonly timeScale: number;

  constructor(config: SimConfig, private readonly clock: Clock, options: SimWorldOptions = {}) {
    this.seed = options.seed ?? config.sim.seed ?? DEFAULT_SEED;
    this.timeScale = options.operationTimeScale ?? config.sim.operationTimeScale;
    const topology = buildTopology(config);
    const regionIds = [topology.regions[0].id, topology.regions[1].id] as const;
    const faults = new FaultBook(regionIds);
    this.core = { topology, regionIds, faults, seed: this.seed, lagSpikes: options.lagSpikes ?? true, state: initialState(topology, this.clock.now().toISOString()) };
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
    return this.call(region, "cloudwatch", "GetMetricData", signal, (t) => replicationInto(this.core, region, t).lag);
  }

  readHealthChecks(region: string, signal: AbortSignal): Promise<HealthCheckView[]> {
    return this.call(region, "route53", "GetHealthCheckStatus", signal, (t) => healthChecksOf(this.core, region, t));
  }

  readRoutingControls(region: string, signal: AbortSignal): Promise<RoutingControlView[]> {
    return this.call(region, "arc", "GetRoutingControlState", signal, () => routingControlsOf(this.core, region));
  }

  readAuthority(region: string, signal: AbortSignal): Promise<AuthorityView> {
    return this.call(region, "authority", "GetObject (authority flag)", signal, () => authorityOf(this.core, region));
  }

  readAppRole(region: string, signal: AbortSignal): Promise<AppRoleView> {
    return this.call(region, "appRole", "GetParameter (app role)", signal, () => appRoleOf(this.core, region));
  }

  probeReadiness(region: string, signal: AbortSignal): Promise<ReadinessProbeView> {
    return this.call(region, "readiness", "GET readiness endpoint", signal, () => readinessOf(this.core, region));
  }

  async close(): Promise<void> {
    this.gate.close();
  }

  faults(): FaultState[] {
    return this.core.faults.list();
  }

  setFault(region: string, fault: FaultKind, active: boolean): void {
    const t = this.now();
    settle(this.core, t);
    if (!this.core.faults.set(region, fault, active, t)) return;
    if (fault !== "region-outage") return;
    if (active) cancelOnOutage(this.core, region, t);
    updateLink(this.core, t);
  }

  /** The ARC safety rules guarding routing-control updates (what the control-config API would list). */
  safetyRules(): AssertionRule[] {
    return safetyRulesFor(this.core.topology);
  }

  async readSafetyRules(): Promise<SafetyRuleView[]> {
    return this.safetyRules().map((rule) => ({ arn: rule.name, name: rule.name, kind: "assertion", waitPeriodMs: rule.waitPeriodMs, controls: rule.assertedControls }));
  }

  /** The last failover with data loss: when, between which regions, and the RPO lag it threw away. */
  lastFailover(): { at: string; from: string; to: string; estimatedDataLossMs: number | null } | null {
    const last = this.core.state.lastFailover;
    return last === null ? null : { ...last, at: new Date(last.at).toISOString() };
  }

  /** RDS SwitchoverGlobalCluster, called in the target's region: planned, no data loss, asynchronous. */
  switchoverGlobalCluster(targetRegion: string, callRegion: string, signal: AbortSignal): Promise<void> {
    return this.call(callRegion, "rds", "SwitchoverGlobalCluster", signal, (t) => startOperation(this.core, "switchover", targetRegion, t, this.timeScale));
  }

  /** RDS FailoverGlobalCluster with AllowDataLoss, called in the target's region: works with the primary dark. */
  failoverGlobalCluster(targetRegion: string, signal: AbortSignal): Promise<void> {
    return this.call(targetRegion, "rds", "FailoverGlobalCluster", signal, (t) => startOperation(this.core, "failover", targetRegion, t, this.timeScale));
  }

  /**
   * RDS RemoveFromGlobalCluster for the target's cluster: it is promoted to a standalone writer. The
   * sim models it as a failover with data loss (same checks, same lost window); in AWS the old
   * primary is then re-added as a new secondary by the operator, which the sim's rebuild stands for.
   */
  detachFromGlobalCluster(targetRegion: string, signal: AbortSignal): Promise<void> {
    return this.call(targetRegion, "rds", "RemoveFromGlobalCluster", signal, (t) => startOperation(this.core, "failover", targetRegion, t, this.timeScale));
  }

  /** ARC UpdateRoutingControlStates: every update applies, or none when a safety rule would break (ConflictException). */
  async updateRoutingControls(updates: readonly RoutingUpdate[], signal: AbortSignal): Promise<void> {
    const first = updates[0];
    if (first === undefined) return;
    // The ARC cluster answers for every control; the call is attributed to the first control's region.
    return this.call(regionOfControl(this.core, first.arn), "arc", "UpdateRoutingControlStates", signal, () => setControlStates(this.core, updates));
  }

  /** Conditional write of the authority flag stored in `region`; StaleEpoch (WriteRejectedError) for a lower epoch. */
  writeAuthority(region: string, record: AuthorityWrite, signal: AbortSignal): Promise<AuthorityView> {
    return this.call(region, "authority", "PutObject (authority flag)", signal, (t) => writeAuthorityRecord(this.core, region, record, new Date(t).toISOString()));
  }

  writeAppRole(region: string, role: AppRoleView["role"], signal: AbortSignal): Promise<AppRoleView> {
    return this.call(region, "appRole", "PutParameter (app role)", signal, () => writeAppRoleRecord(this.core, region, role));
  }

  /** Calls hanging on a dark region right now; each holds one listener on its caller's signal. */
  get hangingCalls(): number {
    return this.gate.hanging;
  }

  private now(): number {
    return this.clock.now().getTime();
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
