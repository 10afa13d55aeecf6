import "server-only";
import type { Finding } from "@/lib/findings";
import type { Snapshot } from "@/lib/snapshot";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import type { LeaderWrite } from "@/server/leader";
import { log } from "@/server/log";

export interface HeldDeps {
  clock: Clock;
  monitor: { subscribe(listener: (snapshot: Snapshot) => void): () => void; warmedUp(): boolean; pollCycles(): number };
  /** The same hold as incidents.autoOpenAfterSeconds: one rule for "this is real". */
  holdSeconds: number;
  asLeader: LeaderWrite;
}

/**
 * "Critical finding held" had no record of its own (the monitor's observations note a finding
 * raised at once; an incident opens only when none is open). The leader appends
 * `finding.critical_held` once a critical finding has held as long as the incident auto-opener
 * asks — `holdSeconds` and two more poll cycles, after warm-up (server/incidents/auto-open.ts) —
 * and once per hold: it records again only after the finding cleared.
 */
export class CriticalHeldRecorder {
  private readonly since = new Map<string, { at: number; cycles: number }>();
  private readonly recorded = new Set<string>();
  private unsubscribe: (() => void) | null = null;
  private writing: Promise<void> | null = null;

  constructor(private readonly deps: HeldDeps) {}

  start(): void {
    this.unsubscribe ??= this.deps.monitor.subscribe((s) => this.onSnapshot(s.findings));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.writing;
  }

  onSnapshot(findings: readonly Finding[]): void {
    if (!this.deps.monitor.warmedUp()) return;
    const now = { at: this.deps.clock.now().getTime(), cycles: this.deps.monitor.pollCycles() };
    const critical = findings.filter((f) => f.severity === "critical");
    for (const id of [...this.since.keys()]) {
      if (critical.some((f) => f.id === id)) continue;
      this.since.delete(id);
      this.recorded.delete(id);
    }
    const holdMs = this.deps.holdSeconds * 1000;
    for (const f of critical) {
      const first = this.since.get(f.id) ?? now;
      this.since.set(f.id, first);
      const held = holdMs === 0 || (now.at - first.at >= holdMs && now.cycles - first.cycles >= 2);
      if (held && !this.recorded.has(f.id) && !this.writing) this.record(f, now.at - first.at);
    }
  }

  private record(f: Finding, heldMs: number): void {
    const { clock, asLeader } = this.deps;
    this.writing = asLeader((tx) =>
      appendAudit(tx, clock, { actor: "system", actorName: "system", action: AUDIT_ACTIONS.findingCriticalHeld, payload: { findingId: f.id, title: f.title, region: f.region ?? null, kind: f.kind, heldMs } }),
    )
      .then((wrote) => {
        if (wrote) this.recorded.add(f.id);
      })
      .catch((err: unknown) => log.error(`could not record the critical finding ${f.id}`, err))
      .finally(() => {
        this.writing = null;
      });
  }
}
