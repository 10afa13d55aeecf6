import type { RegionState, SignalStatus, Snapshot } from "@/lib/snapshot";
import { formatMs } from "./format";
import type { Tone } from "./pill";

/**
 * The one word a region's header carries (issue 15 §4), derived from the snapshot alone: what the
 * region is for writes right now, and the reason in a line. Unknown is never healthy (DESIGN
 * principle 5): an authority flag that cannot be read, or is stale, makes the word UNKNOWN
 * whatever else is green.
 */
export type RegionWord = "WRITER" | "STANDBY" | "DOWN" | "FENCED" | "UNKNOWN";

export interface RegionHeadline {
  word: RegionWord;
  reason: string;
  /** How the word reads: never colour alone, the word and the reason say it. */
  tone: Tone;
}

export type ShownStatuses = Partial<Record<Exclude<keyof RegionState, "id" | "partition" | "controlPlane">, SignalStatus>>;

const SIGNALS = ["authority", "aurora", "lag", "healthChecks", "routingControls", "appRole", "readiness"] as const;

type Context = Pick<Snapshot, "verdict" | "findings" | "regions" | "lagBudgetMs">;

function routingWords(region: RegionState): string {
  if (region.routingControls.status === "unknown" || region.routingControls.value.length === 0) return "traffic unknown";
  return region.routingControls.value.some((c) => c.state === "On") ? "traffic On" : "traffic Off";
}

function standbyReason(region: RegionState, ctx: Context): { reason: string; tone: Tone } {
  const writer = ctx.verdict.writer?.region;
  const of = writer && writer !== region.id ? `Replica of ${writer}` : "Standby";
  if (region.lag.status === "unknown") return { reason: `${of}; replication lag unknown`, tone: "warn" };
  const lagMs = region.lag.value.replicationLagMs ?? region.lag.value.rpoLagMs;
  if (lagMs === null) return { reason: `${of}; no replication lag reported`, tone: "warn" };
  const over = lagMs > ctx.lagBudgetMs;
  return { reason: `${of}; lag ${formatMs(lagMs)}${over ? `, over the ${formatMs(ctx.lagBudgetMs)} budget` : ""}`, tone: over ? "warn" : "neutral" };
}

/**
 * `shown` is each signal's status as the screen shows it now (the browser ages a snapshot it has
 * held too long); the snapshot's own status is used for a signal not given.
 */
export function regionHeadline(region: RegionState, ctx: Context, shown: ShownStatuses = {}): RegionHeadline {
  const status = (name: (typeof SIGNALS)[number]) => shown[name] ?? region[name].status;
  const down = ctx.findings.find((f) => f.kind === "region-unreachable" && f.region === region.id);
  if (down) return { word: "DOWN", reason: down.detail, tone: "bad" };
  if (SIGNALS.every((s) => status(s) === "unknown")) {
    return { word: "UNKNOWN", reason: `No signal from ${region.id} can be read: nothing here is known to be healthy.`, tone: "none" };
  }
  const authority = region.authority;
  const authStatus = status("authority");
  if (authority.status === "unknown" || authStatus === "unknown") {
    const error = authority.status === "ok" ? null : authority.error;
    return { word: "UNKNOWN", reason: `Authority flag unreadable${error ? ` (${error})` : ""}: who may write here is not known.`, tone: "none" };
  }
  const { role, epoch } = authority.value;
  if (authStatus === "stale") {
    return { word: "UNKNOWN", reason: `Authority flag last read ${role} at epoch ${epoch}, now stale: not confirmed.`, tone: "none" };
  }
  if (role === "fenced") return { word: "FENCED", reason: `Fenced at epoch ${epoch}: takes no writes; ${routingWords(region)}.`, tone: "warn" };
  if (role === "standby") return { word: "STANDBY", ...standbyReason(region, ctx) };

  // role === "primary"
  const others = ctx.regions.filter((r) => r.id !== region.id && r.authority.status !== "unknown" && r.authority.value.role === "primary");
  if (ctx.verdict.authority === "split") {
    const who = others.map((r) => `${r.id} (epoch ${r.authority.value?.epoch ?? "?"})`).join(", ") || "another region";
    return { word: "WRITER", reason: `Split brain: ${who} also claims writes; this claim is at epoch ${epoch}.`, tone: "bad" };
  }
  if (ctx.verdict.writer?.region === region.id) return { word: "WRITER", reason: `Owns writes at epoch ${epoch}; ${routingWords(region)}.`, tone: "info" };
  const higher = others.find((r) => (r.authority.value?.epoch ?? -1) > epoch);
  if (higher) {
    // Invariant 4: a region back from an outage still claiming an older epoch is not the writer.
    return { word: "STANDBY", reason: `Stale authority claim (epoch ${epoch} < ${higher.authority.value?.epoch ?? "?"}): not the writer; fence it.`, tone: "warn" };
  }
  return { word: "WRITER", reason: `Claims writes at epoch ${epoch}, not confirmed: the other region's authority cannot be read.`, tone: "warn" };
}
