import type { LagView } from "@/lib/snapshot";
import { secondaryOf, type WorldCore } from "./core";
import { baselineLag, faultSpikeLag } from "./lag";

/**
 * Replication into the secondary and its RDS SynchronizationStatus. RDS documents two values for
 * a global cluster member: "connected" and "pending-resync". The sim reports "pending-resync"
 * whenever the secondary is not simply streaming: while replication is cut (either region dark),
 * while it replays the backlog afterwards, and while Aurora rebuilds a former primary after a
 * failover with data loss.
 */

/** How fast a reconnected secondary drains its backlog: ms of lag removed per ms of clock time. */
export const CATCH_UP_RATE = 4;
/** How long Aurora takes to rebuild the old primary as a secondary once its region is back (scaled like the failover itself). */
export const REBUILD_MS = 120_000;

export type SyncStatus = "connected" | "pending-resync";
export interface Replication {
  lag: LagView;
  /** null for the writer: RDS reports synchronisation only for secondaries. */
  sync: SyncStatus | null;
}

const NO_LAG: LagView = { replicationLagMs: null, rpoLagMs: null, datapointAt: null };

/** When the rebuild of the old primary finishes, or null while its region is still dark. */
export function rebuildDoneAt(core: WorldCore): number | null {
  const rebuild = core.state.rebuild;
  if (rebuild === null || core.faults.isActive(rebuild.region, "region-outage")) return null;
  const lastOutage = core.faults.lastEnded(rebuild.region, "region-outage");
  return Math.max(rebuild.since, lastOutage?.to ?? 0) + rebuild.durationMs;
}

export function replicationInto(core: WorldCore, region: string, t: number): Replication {
  const { state } = core;
  // The writer, and a cluster detached from the global database, receive no replication.
  if (region === state.writer || region === state.detached) return { lag: NO_LAG, sync: null };

  // A former primary being rebuilt has no replication metrics to speak of yet.
  const rebuiltAt = state.rebuild?.region === region ? rebuildDoneAt(core) : undefined;
  if (rebuiltAt === null || (rebuiltAt !== undefined && t < rebuiltAt)) return { lag: NO_LAG, sync: "pending-resync" };

  // Replication is cut: the secondary falls behind one millisecond per millisecond.
  const down = state.link.down;
  if (down !== null) {
    const grown = Math.max(0, t - down.since);
    return { lag: { replicationLagMs: down.replicationLagMs + grown, rpoLagMs: down.rpoLagMs + grown, datapointAt: null }, sync: "pending-resync" };
  }

  const base = core.faults.anyActive("lag-spike") ? faultSpikeLag(core.seed, t) : baselineLag(core.seed, t, core.lagSpikes);
  const backlog = state.link.backlog;
  // A rebuild that finished after the link came back replaced the backlog with a fresh copy.
  if (backlog !== null && (rebuiltAt === undefined || backlog.endedAt > rebuiltAt)) {
    const drained = Math.max(0, t - backlog.endedAt) * CATCH_UP_RATE;
    const replicationLagMs = backlog.replicationLagMs - drained;
    if (replicationLagMs > base.replicationLagMs) {
      return { lag: { replicationLagMs, rpoLagMs: Math.max(replicationLagMs, backlog.rpoLagMs - drained), datapointAt: null }, sync: "pending-resync" };
    }
  }
  return { lag: { replicationLagMs: base.replicationLagMs, rpoLagMs: base.rpoLagMs, datapointAt: null }, sync: "connected" };
}

/**
 * Called whenever a region outage starts or ends: replication stops while either region is dark
 * and, when both are back, resumes with the backlog accumulated meanwhile.
 */
export function updateLink(core: WorldCore, t: number): void {
  const { link } = core.state;
  const anyDark = core.regionIds.some((region) => core.faults.isActive(region, "region-outage"));
  if (anyDark && link.down === null) {
    // Growth starts from the lag at the moment of the cut (link.down is still null, so this is the live value).
    const before = replicationInto(core, secondaryOf(core), t).lag;
    link.down = { since: t, replicationLagMs: before.replicationLagMs ?? 0, rpoLagMs: before.rpoLagMs ?? 0 };
  } else if (!anyDark && link.down !== null) {
    const grown = t - link.down.since;
    link.backlog = { endedAt: t, replicationLagMs: link.down.replicationLagMs + grown, rpoLagMs: link.down.rpoLagMs + grown };
    link.down = null;
  }
}

/**
 * CloudWatch's view of the lag into `region` at `t`: Aurora publishes AuroraGlobalDBReplicationLag
 * and AuroraGlobalDBRPOLag once a minute (Aurora User Guide, "Monitoring Aurora global
 * databases"; CloudWatch "Metrics concepts": a datapoint is stamped with the start of its period).
 * The newest datapoint is the last complete minute, its value the period's Maximum (the statistic
 * the console asks for), and `datapointAt` its own timestamp — never the time of the read. No
 * datapoint where Aurora publishes none (the writer, a detached cluster, a member being rebuilt).
 */
export const LAG_PERIOD_MS = 60_000;
const SAMPLES_PER_PERIOD = 6;

export function lagDatapoint(core: WorldCore, region: string, t: number, toIso: (worldMs: number) => string): LagView {
  const start = Math.floor(t / LAG_PERIOD_MS) * LAG_PERIOD_MS - LAG_PERIOD_MS;
  let replication: number | null = null;
  let rpo: number | null = null;
  for (let i = 0; i < SAMPLES_PER_PERIOD; i++) {
    const lag = replicationInto(core, region, start + (i * LAG_PERIOD_MS) / SAMPLES_PER_PERIOD).lag;
    if (lag.replicationLagMs !== null) replication = Math.max(replication ?? 0, lag.replicationLagMs);
    if (lag.rpoLagMs !== null) rpo = Math.max(rpo ?? 0, lag.rpoLagMs);
  }
  return { replicationLagMs: replication, rpoLagMs: rpo, datapointAt: replication === null && rpo === null ? null : toIso(start) };
}
