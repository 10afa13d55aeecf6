import { formatMs } from "@/components/dashboard/format";
import type { ReadinessChecklist } from "@/lib/findings";
import type { Runbook } from "@/lib/proposals";
import type { RegionState, Snapshot } from "@/lib/snapshot";
import { lastLagInto, restoreOffered, targetIsWriter } from "./model";

/**
 * The "Decide" panel's lines (issue 15 §4): every runbook that could be proposed now, labelled by
 * what it does, with why it is or is not ready. Pure: from the snapshot alone. The propose flow
 * itself (form, acknowledgement, two-person approval) is ProposeActions', unchanged.
 */
export interface DecideLine {
  /** Stable accessible name of the line, without figures that change: "Emergency failover to us-west-2". */
  name: string;
  /** What it does, in words: "Emergency failover to us-west-2 — loses ≈ 23 s of writes". */
  label: string;
  target: string;
  /** Null when the line is not offered at all (then `why` says why not, and there is no button). */
  offer: { runbook: Runbook; checklist: ReadinessChecklist } | null;
  ready: boolean;
  why: string;
}

/** The checks that are not passing, in words, for "why not". */
function whyNot(checklist: ReadinessChecklist): string {
  const failing = checklist.checks.filter((c) => c.status !== "pass");
  const shown = failing.slice(0, 2).map((c) => `${c.label} (${c.status}: ${c.evidence})`);
  const more = failing.length > 2 ? `; ${failing.length - 2} more below` : "";
  return `Not ready: ${shown.join("; ")}${more}.`;
}

const why = (checklist: ReadinessChecklist, readyText: string) => (checklist.ready ? readyText : whyNot(checklist));

/**
 * Whether `region` held write authority before: runbooks only ever write "fenced" or "primary", so
 * a flag that says fenced, or primary at an older epoch than another region's claim, was primary once; a
 * flag still "standby" (the bootstrap value) never was. Null when the flag cannot be read.
 */
export function wasPrimaryBefore(region: RegionState, snapshot: Pick<Snapshot, "regions">): boolean | null {
  if (region.authority.status === "unknown") return null;
  const { role, epoch } = region.authority.value;
  if (role === "fenced") return true;
  if (role === "standby") return false;
  // A primary claim is "before" when another region claims a newer epoch (the banner may still
  // call the pair a split brain until the old claim is fenced).
  return snapshot.regions.some((r) => r.id !== region.id && r.authority.status !== "unknown" && r.authority.value.role === "primary" && r.authority.value.epoch > epoch);
}

function failoverLines(snapshot: Snapshot, planned: ReadinessChecklist | undefined, unplanned: ReadinessChecklist | undefined, target: string): DecideLine[] {
  const lines: DecideLine[] = [];
  if (planned) {
    lines.push({
      name: `Planned switchover to ${target}`,
      label: `Planned switchover to ${target} — no data loss`,
      target,
      offer: { runbook: "planned-failover", checklist: planned },
      ready: planned.ready,
      why: why(planned, `Ready: ${planned.source} is fenced first, then the database switches over; every check passes.`),
    });
  }
  if (unplanned) {
    const lag = lastLagInto(snapshot, target);
    lines.push({
      name: `Emergency failover to ${target}`,
      label: lag ? `Emergency failover to ${target} — loses ≈ ${formatMs(lag.lagMs)} of writes` : `Emergency failover to ${target} — data loss unknown (no lag reading)`,
      target,
      offer: { runbook: "unplanned-failover", checklist: unplanned },
      ready: unplanned.ready,
      why: why(unplanned, `Ready: ${unplanned.source} is impaired; only for when a planned switchover cannot be done.`),
    });
  }
  const region = snapshot.regions.find((r) => r.id === target);
  const before = region ? wasPrimaryBefore(region, snapshot) : null;
  if (planned && before) {
    lines.push({
      name: `Failback to ${target}`,
      label: `Failback to ${target} — re-protect it, then switch back with no data loss`,
      target,
      offer: { runbook: "failback", checklist: planned },
      ready: planned.ready,
      why: why(planned, `Ready: ${target} held writes before; it is re-protected first.`),
    });
  } else {
    lines.push({
      name: `Failback to ${target}`,
      label: `Failback to ${target}`,
      target,
      offer: null,
      ready: false,
      why: before === null ? `Not offered: ${target}'s authority flag cannot be read, so whether it held writes before is unknown.` : `Not offered: ${target} has never held writes (its authority flag is standby); failback only returns writes to the region that had them.`,
    });
  }
  return lines;
}

/** Every line of the panel: per region that does not write, switchover, emergency failover and failback; restore writes when who may write is not settled. */
export function decideLines(snapshot: Snapshot): DecideLine[] {
  const lines: DecideLine[] = [];
  for (const region of snapshot.regions) {
    const planned = snapshot.readiness.find((c) => c.target === region.id && c.mode === "planned");
    const unplanned = snapshot.readiness.find((c) => c.target === region.id && c.mode === "unplanned");
    if (!planned && !unplanned) continue;
    if ((planned && targetIsWriter(planned)) || (unplanned && targetIsWriter(unplanned))) continue;
    lines.push(...failoverLines(snapshot, planned, unplanned, region.id));
  }
  if (restoreOffered(snapshot)) {
    for (const c of snapshot.readiness.filter((x) => x.mode === "restore")) {
      lines.push({
        name: `Restore writes to ${c.target}`,
        label: `Restore writes to ${c.target} — authority back to the Aurora writer; the database is not touched`,
        target: c.target,
        offer: { runbook: "restore-writes", checklist: c },
        ready: c.ready,
        why: why(c, `Ready: ${c.target} is the one Aurora writer; ${c.source}'s claim is fenced first.`),
      });
    }
  }
  // What can be done now first; the order within each group stays.
  return [...lines.filter((l) => l.offer && l.ready), ...lines.filter((l) => l.offer && !l.ready), ...lines.filter((l) => !l.offer)];
}
