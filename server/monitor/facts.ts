import "server-only";
import { formatDuration } from "@/lib/duration";
import type { Evidence } from "@/lib/findings";
import type { RegionState, Signal } from "@/lib/snapshot";
import { NO_LAG_DATAPOINT, fresh, signalError } from "./signal";

/**
 * What a region's fresh signals say, in the terms findings and readiness reason about. Every
 * field is null when the signal behind it is stale or unknown: decisions never rest on old facts.
 */
export interface RegionFacts {
  id: string;
  state: RegionState;
  /** Every health check healthy (null: no fresh health data, or no checks configured). */
  healthy: boolean | null;
  /** Any routing control On. */
  trafficOn: boolean | null;
  authority: RegionState["authority"]["value"];
  /** The region's app role (CLUSTER_ROLE), from a fresh read. */
  appRole: "active" | "passive" | null;
  writer: boolean | null;
  accepting: boolean | null;
  replicationLagMs: number | null;
  /**
   * The data-loss figure: AuroraGlobalDBRPOLag where the engine emits it (the writes not yet
   * durable in this region), else the replication lag.
   */
  dataLossMs: number | null;
  /** Why the lag into this secondary is unknown: CloudWatch had no datapoint (signal.ts lagSignal). */
  lagNoDatapoint: string | null;
  syncStatus: string | null;
  readinessOk: boolean | null;
  impairedServices: string[];
}

export function regionFacts(state: RegionState): RegionFacts {
  const health = fresh(state.healthChecks);
  const routing = fresh(state.routingControls);
  const aurora = fresh(state.aurora);
  const readiness = fresh(state.readiness);
  const lag = fresh(state.lag);
  const own = aurora?.members.find((m) => m.region === state.id);
  return {
    id: state.id,
    state,
    healthy: health && health.length > 0 ? health.every((h) => h.healthy) : null,
    trafficOn: routing && routing.length > 0 ? routing.some((c) => c.state === "On") : null,
    authority: fresh(state.authority),
    appRole: fresh(state.appRole)?.role ?? null,
    // A cluster detached from the global database (RemoveFromGlobalCluster) is a standalone writer.
    writer: aurora ? aurora.role === "writer" || aurora.role === "detached" : null,
    // A region accepts writes when its own readiness endpoint says so — the deep check.
    accepting: readiness ? readiness.httpStatus < 400 && readiness.writable && readiness.authorisedForWrites : null,
    replicationLagMs: lag?.replicationLagMs ?? null,
    dataLossMs: lag?.rpoLagMs ?? lag?.replicationLagMs ?? null,
    lagNoDatapoint: state.lag.status === "unknown" && state.lag.error?.startsWith(NO_LAG_DATAPOINT) ? state.lag.error : null,
    syncStatus: aurora && aurora.role === "reader" ? (own?.synchronizationStatus ?? null) : null,
    readinessOk: readiness ? readiness.httpStatus < 400 : null,
    impairedServices: state.controlPlane.filter((c) => c.status === "impaired").map((c) => c.service),
  };
}

/** Evidence line for a signal: its value as words, where from, when. */
export function evidence<T>(label: string, signal: Signal<T>, describe: (value: T) => string): Evidence {
  const error = signalError(signal);
  const value = signal.value === null ? `unknown${error ? ` (${error})` : ""}` : describe(signal.value);
  const suffix = signal.status === "ok" ? "" : ` [${signal.status}]`;
  return { label, value: `${value}${suffix}`, source: signal.source, observedAt: signal.observedAt };
}

export const describeAuthority = (a: NonNullable<RegionFacts["authority"]>) => `${a.role} at epoch ${a.epoch}`;
/** The console's one duration format (lib/duration.ts), so a finding reads what the dashboard shows. */
export const describeMs = (ms: number | null) => formatDuration(ms, "n/a");
