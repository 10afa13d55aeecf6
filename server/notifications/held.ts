import "server-only";
import { and, desc, inArray, sql } from "drizzle-orm";
import type { Finding } from "@/lib/findings";
import type { Snapshot } from "@/lib/snapshot";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import type { LeaderWrite } from "@/server/leader";
import { log } from "@/server/log";
import { CriticalHolds, type Hold } from "@/server/monitor/holds";

export interface HeldDeps {
  clock: Clock;
  monitor: { subscribe(listener: (snapshot: Snapshot) => void): () => void; warmedUp(): boolean; pollCycles(): number };
  /** The same hold as incidents.autoOpenAfterSeconds: one rule for "this is real". */
  holdSeconds: number;
  asLeader: LeaderWrite;
}

type Op = { action: typeof AUDIT_ACTIONS.findingCriticalHeld | typeof AUDIT_ACTIONS.findingCriticalCleared; hold: Hold };

/**
 * "Critical finding held" had no record of its own (the monitor's observations note a finding
 * raised at once; an incident opens only when none is open). The leader appends
 * `finding.critical_held` once a critical finding has held as long as the incident auto-opener
 * asks (server/monitor/holds.ts: `holdSeconds` and two more poll cycles, after warm-up) —
 * and `finding.critical_cleared` when a finding so recorded clears (its PagerDuty alert resolves).
 *
 * Every replica watches its own monitor; only the leader writes, and it asks the store first: the
 * last held/cleared record of the finding decides, in the same fenced transaction, so a new leader
 * neither reports a hold its predecessor already reported nor misses (or doubles) its clearing.
 */
export class CriticalHeldRecorder {
  private readonly holds: CriticalHolds;
  /** Findings whose current hold is on record (by this replica or, as the store said, another). */
  private readonly recorded = new Set<string>();
  /** Holds that ended after they counted, waiting for their record (the store says if one is needed). */
  private readonly clearing = new Map<string, Hold>();
  private unsubscribe: (() => void) | null = null;
  private writing: Promise<void> | null = null;

  constructor(private readonly deps: HeldDeps) {
    this.holds = new CriticalHolds(deps.holdSeconds * 1000);
  }

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
    const { held, ended } = this.holds.update(findings, now);
    for (const hold of ended) {
      this.recorded.delete(hold.finding.id);
      if (hold.reached) this.clearing.set(hold.finding.id, hold);
    }
    // Back before its clearing was recorded: its alert stays open; the new hold decides again.
    for (const f of findings) if (f.severity === "critical") this.clearing.delete(f.id);
    // A clearing first (it closes an alert), then a hold not yet on record; one write at a time.
    const cleared = this.clearing.values().next().value;
    const due = held.find((hold) => !this.recorded.has(hold.finding.id));
    const next: Op | undefined = cleared ? { action: AUDIT_ACTIONS.findingCriticalCleared, hold: cleared } : due ? { action: AUDIT_ACTIONS.findingCriticalHeld, hold: due } : undefined;
    if (next && !this.writing) this.record(next, now.at - next.hold.at);
  }

  private record({ action, hold }: Op, heldMs: number): void {
    const { clock, asLeader } = this.deps;
    const f = hold.finding;
    const held = action === AUDIT_ACTIONS.findingCriticalHeld;
    this.writing = asLeader(async (tx) => {
      // Held: unless a predecessor already reported this hold. Cleared: only what was reported held.
      const last = await lastRecord(tx, f.id);
      if (held ? last === "held" : last !== "held") return;
      const payload = { findingId: f.id, title: f.title, region: f.region ?? null, kind: f.kind, heldMs };
      await appendAudit(tx, clock, { actor: "system", actorName: "system", action, payload });
    })
      .then((wrote) => {
        if (!wrote) return;
        if (held) this.recorded.add(f.id);
        else this.clearing.delete(f.id);
      })
      .catch((err: unknown) => log.error(`could not record the critical finding ${f.id} ${held ? "held" : "cleared"}`, err))
      .finally(() => {
        this.writing = null;
      });
  }
}

/** Whether the finding's last record says it is held or cleared (null: never recorded). */
async function lastRecord(tx: Db, findingId: string): Promise<"held" | "cleared" | null> {
  const a = tables.audit;
  const [row] = await tx
    .select({ action: a.action })
    .from(a)
    .where(and(inArray(a.action, [AUDIT_ACTIONS.findingCriticalHeld, AUDIT_ACTIONS.findingCriticalCleared]), sql`${a.payload}->>'findingId' = ${findingId}`))
    .orderBy(desc(a.seq))
    .limit(1);
  return row ? (row.action === AUDIT_ACTIONS.findingCriticalHeld ? "held" : "cleared") : null;
}
