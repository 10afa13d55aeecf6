import "server-only";
import type {
  AppRoleView,
  AuroraView,
  AuthorityView,
  ControlPlaneStatus,
  HealthCheckView,
  LagView,
  ReadinessProbeView,
  RoutingControlView,
  Service,
} from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import { log } from "@/server/log";
import { ProviderError, type ProviderErrorKind, type RegionReader } from "@/server/providers/port";
import { emptyCell, recordFailure, recordSuccess, type SignalCell } from "./signal";
import { NO_STALLS, type StallLedger } from "./stall";

/** The value type of each signal a region poll reads. */
export interface SignalValues {
  aurora: AuroraView;
  lag: LagView;
  healthChecks: HealthCheckView[];
  routingControls: RoutingControlView[];
  authority: AuthorityView;
  appRole: AppRoleView;
  readiness: ReadinessProbeView;
}
export type SignalKey = keyof SignalValues;
export type RegionCells = { [K in SignalKey]: SignalCell<SignalValues[K]> };

const SOURCES: Record<SignalKey, [Service, string]> = {
  aurora: ["rds", "RDS DescribeGlobalClusters"],
  lag: ["cloudwatch", "CloudWatch GetMetricData"],
  healthChecks: ["route53", "Route 53 HealthCheckStatus (CloudWatch)"],
  routingControls: ["arc", "ARC GetRoutingControlState"],
  authority: ["authority", "authority flag"],
  appRole: ["appRole", "app role"],
  readiness: ["readiness", "readiness probe"],
};

export interface PollerOptions {
  cadenceMs: number;
  /** Per call: a region that hangs costs this much, and never the other region anything. */
  timeoutMs: number;
  /** A call that answers slower than this is "degraded" (monitor.slowCallMs). */
  slowCallMs: number;
  /** The console's own stalls: time no call could have answered in, left out of every call's timing. */
  stalls?: StallLedger;
}

/**
 * Polls one region on a fixed cadence. Single-flight: a new cycle starts only when the last has
 * finished, so a hung region never piles up calls. Every read runs in parallel under its own
 * timeout; a read that ignores its abort signal is abandoned, not awaited.
 */
export class RegionPoller {
  readonly cells: RegionCells;
  readonly controlPlane = new Map<Service, ControlPlaneStatus>();
  calls = 0;
  /** Completed poll cycles. */
  cycles = 0;
  private readonly stopper = new AbortController();
  private running: Promise<void> | null = null;

  constructor(
    readonly region: string,
    private readonly provider: RegionReader,
    private readonly clock: Clock,
    private readonly options: PollerOptions,
    private readonly onCycle: (poller: RegionPoller) => void,
  ) {
    const prefix = provider.kind === "sim" ? "sim: " : "";
    const cell = <K extends SignalKey>(k: K) => emptyCell<SignalValues[K]>(`${prefix}${SOURCES[k][1]} (${region})`);
    this.cells = {
      aurora: cell("aurora"),
      lag: cell("lag"),
      healthChecks: cell("healthChecks"),
      routingControls: cell("routingControls"),
      authority: cell("authority"),
      appRole: cell("appRole"),
      readiness: cell("readiness"),
    };
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  /** One cycle: every signal of the region, read in parallel. */
  async pollOnce(): Promise<void> {
    const { provider: p, region: r } = this;
    await Promise.all([
      this.read("aurora", (s) => p.readAurora(r, s)),
      this.read("lag", (s) => p.readLag(r, s)),
      this.read("healthChecks", (s) => p.readHealthChecks(r, s)),
      this.read("routingControls", (s) => p.readRoutingControls(r, s)),
      this.read("authority", (s) => p.readAuthority(r, s)),
      this.read("appRole", (s) => p.readAppRole(r, s)),
      this.read("readiness", (s) => p.probeReadiness(r, s)),
    ]);
  }

  private async loop(): Promise<void> {
    while (!this.stopper.signal.aborted) {
      const started = this.clock.now().getTime();
      await this.pollOnce();
      this.cycles++;
      this.onCycle(this);
      const wait = this.options.cadenceMs - (this.clock.now().getTime() - started);
      await this.clock.sleep(Math.max(0, wait), this.stopper.signal).catch((err: unknown) => {
        if (!this.stopper.signal.aborted) log.error(`poller ${this.region}: sleep failed`, err);
      });
    }
  }

  private async read<K extends SignalKey>(key: K, call: (signal: AbortSignal) => Promise<SignalValues[K]>): Promise<void> {
    const [service] = SOURCES[key];
    const started = this.clock.now();
    const outcome = await this.withTimeout(service, call);
    const at = this.clock.now();
    const latencyMs = this.callTime(started.getTime(), at.getTime());
    if (outcome.ok) recordSuccess(this.cells[key], outcome.value, at);
    else recordFailure(this.cells[key], outcome.error);
    this.controlPlane.set(service, {
      service,
      status: controlPlaneStatus(outcome, latencyMs, this.options.slowCallMs),
      latencyMs,
      error: outcome.ok ? null : outcome.error,
      at: at.toISOString(),
    });
  }

  /** A call's own time: the span minus what the console spent stalled (its answer may have waited behind a blocked loop). */
  private callTime(fromMs: number, toMs: number): number {
    return Math.max(0, toMs - fromMs - (this.options.stalls ?? NO_STALLS).stalledWithin(fromMs, toMs));
  }

  /**
   * The per-call deadline, in the call's own time: when the timer fires after a stall of the
   * console, the stalled part does not count and the deadline is re-armed for what is left — a
   * timeout is the region's failure to answer, never the console's failure to listen.
   */
  private async deadline(signal: AbortSignal): Promise<void> {
    const stalls = this.options.stalls ?? NO_STALLS;
    const started = this.clock.now().getTime();
    let left = this.options.timeoutMs;
    for (;;) {
      await this.clock.sleep(left, signal);
      const now = this.clock.now().getTime();
      const stalled = stalls.stalledWithin(started, now);
      // No stall: the timer is the deadline, exactly (a sim clock's coarse reading must not stretch it).
      if (stalled === 0) return;
      left = this.options.timeoutMs - (now - started - stalled);
      if (left <= 0) return;
    }
  }

  private async withTimeout<T>(service: Service, call: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    const abort = new AbortController();
    const timedOut = this.deadline(abort.signal).then(
      () => {
        abort.abort(new ProviderError("timeout", service, this.region, `no answer within ${this.options.timeoutMs} ms`));
        return { ok: false as const, error: `timeout: no answer within ${this.options.timeoutMs} ms`, kind: "timeout" as const };
      },
      () => null, // cancelled because the call finished first
    );
    this.calls++;
    const answered = call(abort.signal).then(
      (value) => ({ ok: true as const, value }),
      (err: unknown) => ({ ok: false as const, error: describe(err), kind: err instanceof ProviderError ? err.kind : null }),
    );
    const first = await Promise.race([answered, timedOut.then((t) => t ?? answered)]);
    abort.abort();
    return first;
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; kind: ProviderErrorKind | null };

/**
 * An API that answered "no such resource" works: that is configuration to fix, shown apart from
 * an impaired control plane. One that answered slowly works too, but is worth a warning: a
 * regional control plane in trouble tends to slow down before it fails.
 */
function controlPlaneStatus(outcome: Outcome<unknown>, latencyMs: number, slowCallMs: number): ControlPlaneStatus["status"] {
  if (!outcome.ok) return outcome.kind === "not_found" ? "misconfigured" : "impaired";
  return latencyMs > slowCallMs ? "degraded" : "ok";
}

function describe(err: unknown): string {
  if (err instanceof ProviderError) return `${err.kind}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
