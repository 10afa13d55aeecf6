import "server-only";
import type { Snapshot } from "@/lib/snapshot";
import { describeMs } from "./facts";

/** One change worth a line on the incident timeline. */
export interface Transition {
  region: string | null;
  kind: "health" | "routing" | "writer" | "authority" | "lag-budget" | "fault" | "control-plane" | "signal" | "finding";
  subject: string;
  from: string | null;
  to: string;
  detail: Record<string, unknown>;
}

type Region = Snapshot["regions"][number];

/** Per region, the facts whose changes are transitions, keyed "kind|subject" → value as words. */
function facts(r: Region, budgetMs: number): Map<string, string> {
  const m = new Map<string, string>();
  for (const h of r.healthChecks.value ?? []) m.set(`health|${h.name}`, h.healthy ? "healthy" : "unhealthy");
  for (const c of r.routingControls.value ?? []) m.set(`routing|${c.name}`, c.state);
  if (r.aurora.value) m.set("writer|aurora role", r.aurora.value.role);
  if (r.authority.value) m.set("authority|authority flag", `${r.authority.value.role} epoch ${r.authority.value.epoch}`);
  const lag = r.lag.value?.replicationLagMs;
  if (lag !== null && lag !== undefined) m.set("lag-budget|replication lag", lag > budgetMs ? "over budget" : "within budget");
  for (const c of r.controlPlane) if (c.status !== "unknown") m.set(`control-plane|${c.service}`, c.status === "ok" ? "recovered" : c.status);
  for (const k of ["aurora", "lag", "healthChecks", "routingControls", "authority", "appRole", "readiness"] as const) {
    m.set(`signal|${k}`, r[k].status === "error" ? "ok" : r[k].status); // a single failed read is not a transition
  }
  return m;
}

/**
 * The transitions between two snapshots. The first snapshot (prev null) records nothing but
 * finding raises: a restart must not flood the timeline with "changes" that are not changes.
 *
 * `known` remembers each fact's last known value across snapshots (the monitor keeps one for its
 * life), so a change that happened while the fact could not be read — routing Off, a failed read,
 * then On — is still recorded when the fact is read again, from its last known value.
 */
export function diffSnapshots(prev: Snapshot | null, next: Snapshot, known: Map<string, string> = new Map()): Transition[] {
  const out: Transition[] = [];
  if (prev) {
    next.regions.forEach((r, i) => {
      const before = prev.regions[i];
      if (!before || before.id !== r.id) return;
      const a = facts(before, prev.lagBudgetMs);
      for (const [key, to] of facts(r, next.lagBudgetMs)) {
        const from = a.get(key) ?? known.get(`${r.id}|${key}`);
        known.set(`${r.id}|${key}`, to);
        if (from === undefined || from === to) continue;
        const [kind, subject] = key.split("|") as [Transition["kind"], string];
        const detail: Record<string, unknown> = kind === "lag-budget" ? { lag: describeMs(r.lag.value?.replicationLagMs ?? null), budgetMs: next.lagBudgetMs } : {};
        out.push({ region: r.id, kind, subject, from, to, detail });
      }
    });
    for (const f of next.faults ?? []) {
      const was = prev.faults?.find((p) => p.region === f.region && p.fault === f.fault)?.active;
      if (was !== undefined && was !== f.active) {
        out.push({ region: f.region, kind: "fault", subject: f.fault, from: was ? "on" : "off", to: f.active ? "on" : "off", detail: {} });
      }
    }
  } else {
    for (const r of next.regions) for (const [key, value] of facts(r, next.lagBudgetMs)) known.set(`${r.id}|${key}`, value);
  }
  const before = new Set(prev?.findings.map((f) => f.id) ?? []);
  const after = new Set(next.findings.map((f) => f.id));
  for (const f of next.findings) {
    if (!before.has(f.id)) out.push({ region: f.region, kind: "finding", subject: f.id, from: null, to: "raised", detail: { severity: f.severity, title: f.title } });
  }
  for (const f of prev?.findings ?? []) {
    if (!after.has(f.id)) out.push({ region: f.region, kind: "finding", subject: f.id, from: "raised", to: "cleared", detail: { severity: f.severity, title: f.title } });
  }
  return out;
}
