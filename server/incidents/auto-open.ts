import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import type { Finding } from "@/lib/findings";
import type { Incident, IncidentSeverity } from "@/lib/incidents";
import type { Snapshot } from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import type { IncidentsConfig } from "@/server/config";
import { tables, type Db } from "@/server/db";
import { unfenced, type LeaderWrite } from "@/server/leader";
import { log } from "@/server/log";
import { CriticalHolds } from "@/server/monitor/holds";
import { insertIncident, SYSTEM } from "./declare";
import { toIncident } from "./rows";
import { incidentTitle } from "./title";

export interface AutoOpenArgs {
  finding: Finding;
  /** The snapshot's findings, for the title: the trigger may be about authority while another names the region that went. Default: the trigger alone. */
  findings?: readonly Finding[];
  severity: IncidentSeverity;
  /** No automatic incident until this long after the last one closed. */
  cooldownMs: number;
}

/**
 * A run fences the old writer before it promotes the new one, so for the length of the switchover
 * no region holds authority: the approved run at work, not an incident. (A run that failed
 * half-way leaves it so: that one does open an incident.)
 */
const NO_AUTHORITY = "no-authority";

async function runInProgress(tx: Db): Promise<boolean> {
  const [run] = await tx.select({ id: tables.runs.id }).from(tables.runs).where(inArray(tables.runs.status, ["running", "paused"])).limit(1);
  return run !== undefined;
}

/**
 * Opens an incident for a critical finding, as the console ("system"), titled by region and impact (title.ts), unless one is open, the
 * last one closed less than the cool-down ago, or a run explains the finding. Returns null when it opened nothing. Safe to race
 * (another replica, a person declaring): the one-open index lets exactly one win.
 */
export async function autoOpen(db: Db, clock: Clock, args: AutoOpenArgs): Promise<Incident | null> {
  const row = await db.transaction(async (tx) => {
    const [last] = await tx
      .select({ endedAt: tables.incidents.endedAt })
      .from(tables.incidents)
      .where(eq(tables.incidents.status, "closed"))
      .orderBy(desc(tables.incidents.endedAt))
      .limit(1);
    if (last?.endedAt && clock.now().getTime() - last.endedAt.getTime() < args.cooldownMs) return null;
    const { finding } = args;
    if (finding.id === NO_AUTHORITY && (await runInProgress(tx))) return null;
    return insertIncident(tx, clock, {
      title: incidentTitle(finding, args.findings ?? [finding]).slice(0, 200),
      severity: args.severity,
      commander: SYSTEM,
      declaredBy: SYSTEM,
      trigger: { findingId: finding.id, kind: finding.kind, region: finding.region, title: finding.title },
    });
  });
  return row ? toIncident(row) : null;
}

export interface AutoOpenerDeps {
  db: Db;
  clock: Clock;
  config: IncidentsConfig;
  monitor: { subscribe(listener: (snapshot: Snapshot) => void): () => void; warmedUp(): boolean; pollCycles(): number };
  /** Opening an incident is a leader's duty (issue 14): only the replica holding the lease writes, behind its fence. Default: this process alone. */
  asLeader?: LeaderWrite;
}

/**
 * Watches every snapshot once the monitor has warmed up; when a critical finding has held for
 * `autoOpenAfterSeconds`, tries to open an incident. One attempt at a time (a snapshot arriving
 * meanwhile is skipped: the next one tries again), and the store decides — none open, cool-down
 * passed — so a flapping finding opens one incident, not dozens.
 */
export class AutoOpener {
  private inFlight: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly holds: CriticalHolds;

  constructor(private readonly deps: AutoOpenerDeps) {
    this.holds = new CriticalHolds(deps.config.autoOpenAfterSeconds * 1000);
  }

  start(): void {
    if (!this.deps.config.autoOpen || this.unsubscribe) return;
    this.unsubscribe = this.deps.monitor.subscribe((s) => this.onSnapshot(s));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.inFlight;
  }

  /** Resolves when the attempt in flight (if any) has finished: for tests. */
  settled(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  /** The first critical finding that has held (server/monitor/holds.ts). */
  private held(findings: readonly Finding[]): Finding | null {
    const now = { at: this.deps.clock.now().getTime(), cycles: this.deps.monitor.pollCycles() };
    return this.holds.update(findings, now).held[0]?.finding ?? null;
  }

  onSnapshot(snapshot: Pick<Snapshot, "findings">): void {
    // Right after start every signal is unknown — a critical finding, but about the console, not
    // the world: a restart must not open an incident. Wait until every region has answered once.
    if (!this.deps.monitor.warmedUp()) return;
    const critical = this.held(snapshot.findings);
    if (!critical || this.inFlight) return;
    const { db, clock, config } = this.deps;
    const asLeader = this.deps.asLeader ?? unfenced(db);
    this.inFlight = asLeader((tx) => autoOpen(tx, clock, { finding: critical, findings: snapshot.findings, severity: config.autoSeverity, cooldownMs: config.reopenCooldownMinutes * 60_000 }))
      .then((opened) => {
        const incident = opened?.value;
        if (incident) log.info(`incident ${incident.id} opened automatically: ${incident.title}`);
      })
      .catch((err: unknown) => log.error("could not open an incident for a critical finding", err))
      .finally(() => {
        this.inFlight = null;
      });
  }
}
