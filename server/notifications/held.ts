import "server-only";
import { and, desc, inArray, sql } from "drizzle-orm";
import type { Finding } from "@/lib/findings";
import type { Snapshot } from "@/lib/snapshot";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import type { LeaderWrite } from "@/server/leader";
import { log } from "@/server/log";

export interface HeldDeps {
  clock: Clock;
  monitor: { subscribe(listener: (snapshot: Snapshot) => void): () => void; warmedUp(): boolean; pollCycles(): number };
  /** The same hold as incidents.autoOpenAfterSeconds: one rule for "this is real". */
  holdSeconds: number;
  asLeader: LeaderWrite;
}

/** One hold as this replica saw it; `reached` once it held long enough to be reported. */
type Seen = { at: number; cycles: number; reached: boolean; finding: Pick<Finding, "id" | "title" | "region" | "kind"> };
type Op = { action: typeof AUDIT_ACTIONS.findingCriticalHeld | typeof AUDIT_ACTIONS.findingCriticalCleared; seen: Seen; heldMs: number };

/**
 * "Critical finding held" had no record of its own (the monitor's observations note a finding
 * raised at once; an incident opens only when none is open). The leader appends
 * `finding.critical_held` once a critical finding has held as long as the incident auto-opener
 * asks — `holdSeconds` and two more poll cycles, after warm-up (server/incidents/auto-open.ts) —
 * and `finding.critical_cleared` when a finding so recorded clears (its PagerDuty alert resolves).
 *
 * Every replica watches its own monitor; only the leader writes, and it asks the store first: the
 * last held/cleared record of the finding decides, in the same fenced transaction, so a new leader
 * neither reports a hold its predecessor already reported nor misses (or doubles) its clearing.
 */
export class CriticalHeldRecorder {
  private readonly since = new Map<string, Seen>();
  /** Findings whose current hold is on record (by this replica or, as the store said, another). */
  private readonly recorded = new Set<string>();
  /** Findings that cleared after they held, waiting for their record (the store says if one is needed). */
  private readonly clearing = new Map<string, Seen>();
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
    for (const [id, seen] of [...this.since]) {
      if (critical.some((f) => f.id === id)) continue;
      this.since.delete(id);
      this.recorded.delete(id);
      if (seen.reached) this.clearing.set(id, seen);
    }
    const holdMs = this.deps.holdSeconds * 1000;
    const due: Op[] = [...this.clearing.values()].map((seen) => ({ action: AUDIT_ACTIONS.findingCriticalCleared, seen, heldMs: now.at - seen.at }));
    for (const f of critical) {
      // Back before its clearing was recorded: its alert stays open; the new hold decides again.
      this.clearing.delete(f.id);
      const seen = this.since.get(f.id) ?? { ...now, reached: false, finding: { id: f.id, title: f.title, region: f.region, kind: f.kind } };
      this.since.set(f.id, seen);
      seen.reached ||= holdMs === 0 || (now.at - seen.at >= holdMs && now.cycles - seen.cycles >= 2);
      if (seen.reached && !this.recorded.has(f.id)) due.push({ action: AUDIT_ACTIONS.findingCriticalHeld, seen, heldMs: now.at - seen.at });
    }
    const next = due.find((op) => op.action === AUDIT_ACTIONS.findingCriticalHeld || this.clearing.has(op.seen.finding.id));
    if (next && !this.writing) this.record(next);
  }

  private record({ action, seen, heldMs }: Op): void {
    const { clock, asLeader } = this.deps;
    const f = seen.finding;
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
