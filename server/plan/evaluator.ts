import "server-only";
import { randomUUID } from "node:crypto";
import type { PlanResult, PlanStatus, PlanTrigger } from "@/lib/plan";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { retryAfterSeconds, ServiceError } from "@/server/errors";
import type { LeaderWrite } from "@/server/leader";
import { log } from "@/server/log";
import type { CheckRow } from "@/server/tools/run-checks";
import { summarise } from "./checks";
import { claimPlanRun, finishPlanRun, readPlanRow, releasePlanRun, statusOf, type Claim, type PlanRow } from "./rows";

/**
 * A claim older than this belongs to a process that died mid-run and may be taken over. Every
 * check has its own deadline (at most 60 s, plus the credentials check before it), so a live run
 * never gets near it.
 */
export const CLAIM_STALE_MS = 5 * 60_000;

export interface PlanEvaluatorDeps {
  db: Db;
  clock: Clock;
  intervalMinutes: number;
  refreshMs: number;
  /** Evaluate now is refused (429) until the last result is this old (config `plan.onDemandCooldownSeconds`). */
  cooldownMs: number;
  /** Runs the checks (checks.ts `runPlanChecks` over the console's config and provider). */
  check: () => Promise<CheckRow[]>;
  /** Monotonic milliseconds, for the run's duration. */
  elapsed?: () => number;
  replica: string;
  /** Leader-only: the scheduled evaluation is claimed and stored behind the fence (server/leader). */
  asLeader: LeaderWrite;
  /** Called when what `status()` returns changed (the monitor rebuilds its snapshot). */
  onChange?: () => void;
}

/** Why an on-demand run was not claimed: another run holds the claim, or the last result is too young. */
function refusal({ running, last }: PlanRow, now: Date, cooldownMs: number): ServiceError {
  // No result to be too young (a run ended without one between the claim and this read): the claim was held.
  if (running || !last) {
    const who = running?.requestedBy ? ` (asked by ${running.requestedBy})` : " (the schedule)";
    return new ServiceError("conflict", `the failover plan is already being evaluated${running ? ` since ${running.since.toISOString()}${who}` : ""}; wait for its result`);
  }
  const ageMs = now.getTime() - Date.parse(last.evaluatedAt);
  const seconds = retryAfterSeconds(cooldownMs - ageMs);
  return new ServiceError(
    "rate_limited",
    `the failover plan was evaluated ${Math.max(0, Math.round(ageMs / 1000))} s ago; evaluate again in ${seconds} s (one on-demand evaluation per ${Math.round(cooldownMs / 1000)} s: each is a full set of AWS reads)`,
    { retryAfterSeconds: seconds },
  );
}

/**
 * The failover plan, evaluated all the time (issue 15 §7). Every replica re-reads the stored
 * result every `refreshMs`, so all screens show the same; only the leader runs the scheduled
 * evaluation, once the stored one is `intervalMinutes` old (so a restart does not re-run a fresh
 * one); an admin may run it now on any replica. One run at a time across all replicas (rows.ts).
 */
export class PlanEvaluator {
  private latest: PlanStatus | null = null;
  private latestJson = "null";
  private readonly stopper = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly deps: PlanEvaluatorDeps) {}

  /** The last stored result and whether a run is going on, as last read; null until first read. */
  status(): PlanStatus | null {
    return this.latest;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }

  /** Re-reads the row; the leader then evaluates if the stored result is due. */
  async tick(): Promise<void> {
    await this.refresh();
    const status = this.latest;
    if (!status || status.running) return;
    const age = status.last ? this.deps.clock.now().getTime() - Date.parse(status.last.evaluatedAt) : Infinity;
    if (age < this.deps.intervalMinutes * 60_000) return;
    await this.scheduled();
  }

  /**
   * On demand (an admin): refused with `conflict` while another run holds the claim, and with
   * `rate_limited` (and when to ask again) while the last result is younger than the cooldown;
   * audited.
   */
  async evaluateNow(user: { id: string; name: string }): Promise<PlanResult> {
    const { db, clock, cooldownMs } = this.deps;
    const claim = this.newClaim(user.name);
    const got = await db.transaction(async (tx) => {
      if (!(await claimPlanRun(tx, claim, CLAIM_STALE_MS, cooldownMs))) return false;
      await appendAudit(tx, clock, { actor: user.id, actorName: user.name, action: AUDIT_ACTIONS.planEvaluationRequested, payload: { replica: this.deps.replica } });
      return true;
    });
    if (!got) throw refusal(await readPlanRow(db), claim.since, cooldownMs);
    return this.evaluate(claim, "admin", async (result) => finishPlanRun(db, claim.id, result));
  }

  async refresh(): Promise<void> {
    const next = statusOf(await readPlanRow(this.deps.db), this.deps.intervalMinutes);
    const json = JSON.stringify(next);
    this.latest = next;
    if (json === this.latestJson) return;
    this.latestJson = json;
    this.deps.onChange?.();
  }

  private async scheduled(): Promise<void> {
    const claim = this.newClaim(null);
    const got = await this.deps.asLeader((tx) => claimPlanRun(tx, claim, CLAIM_STALE_MS));
    if (!got?.value) return;
    await this.evaluate(claim, "schedule", async (result) => (await this.deps.asLeader((tx) => finishPlanRun(tx, claim.id, result)))?.value ?? false);
  }

  /** Runs the checks under `claim` and stores the result with `store`; the claim is released whatever happens. */
  private async evaluate(claim: Claim, trigger: PlanTrigger, store: (result: PlanResult) => Promise<boolean>): Promise<PlanResult> {
    const elapsed = this.deps.elapsed ?? (() => performance.now());
    try {
      await this.refresh().catch((err: unknown) => log.warn(`plan: could not re-read after claiming: ${String(err)}`));
      const started = elapsed();
      const rows = await this.deps.check();
      const result = summarise(rows, { evaluatedAt: this.deps.clock.now(), durationMs: elapsed() - started, trigger, requestedBy: claim.requestedBy });
      if (!(await store(result))) log.warn(`plan: the ${trigger} evaluation's result was not stored (its claim was lost)`);
      return result;
    } finally {
      await releasePlanRun(this.deps.db, claim.id).catch((err: unknown) => log.error("plan: could not release the evaluation's claim", err));
      await this.refresh().catch((err: unknown) => log.warn(`plan: could not re-read the result: ${String(err)}`));
    }
  }

  private newClaim(requestedBy: string | null): Claim {
    return { id: randomUUID(), since: this.deps.clock.now(), by: this.deps.replica, requestedBy };
  }

  private async run(): Promise<void> {
    while (!this.stopper.signal.aborted) {
      await this.tick().catch((err: unknown) => log.error("plan: evaluation tick failed", err));
      await this.deps.clock.sleep(this.deps.refreshMs, this.stopper.signal).catch((err: unknown) => {
        if (!this.stopper.signal.aborted) log.error("plan: sleep failed", err);
      });
    }
  }
}
