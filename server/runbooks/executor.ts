import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { DataLossAck, type Runbook } from "@/lib/proposals";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS, type AuditAction } from "@/server/audit";
import { storeFailure, tables, type Db } from "@/server/db";
import { log } from "@/server/log";
import { Deposed, soleDriver, type Fence, type LeaseRow, type Term } from "@/server/leader";
import type { WorldNow } from "@/server/monitor/check-now";
import type { RegionProvider } from "@/server/providers";
import { classify, Paused, runAction, type StepContext } from "./actions";
import { lockRunAndProposal, runningRunIds, runRow, specOf, stepRows, updateStep, type RunRow, type StepRow } from "./store";
import { StepError, type StepOutcome, type StepSpec } from "./steps";

export interface ExecutorDeps {
  db: Db;
  clock: Clock;
  provider: RegionProvider;
  /** Both regions read now, with their readiness checklists (the preflight's re-check). */
  world: () => Promise<WorldNow>;
  lagBudgetMs: number;
  /** Clock ms between a wait step's polls. Default 1000. */
  pollMs?: number;
  /** Clock ms one read of a wait may take (config monitor.callTimeoutMs). Default 3000. */
  callTimeoutMs?: number;
  /** Retry backoff: min(baseMs · 2^(attempt-1), maxMs) of clock time. Default 1 s doubling to 15 s. */
  backoff?: { baseMs: number; maxMs: number };
  /**
   * The leader lease (server/leader): runs are driven only while this replica leads, and every
   * write checks the term's fencing token in its own transaction. Default: a process alone on its
   * store (tests), always leading.
   */
  fence?: Fence;
}

/** The executor's records name the replica that drove them (issue 14: which replica did what). */
const SYSTEM = (term: Term) => ({ actor: "system", actorName: term.token === 0 ? "runbook executor" : `runbook executor (replica ${term.replica})` }) as const;

/** Clock ms before a loop that lost its store drives the run again (the leader's scan would, later). */
const STORE_RETRY_MS = 1000;

/** What one step's handling leaves the run loop to do. */
type Next = "continue" | "stop";

/**
 * The durable executor (DESIGN "Runbooks"). Run and step state live in the database and are
 * written before and after every action, so the loop is a pure function of what is stored: it
 * loads the run, takes the first step not yet done, and runs it. A console that stopped mid-step
 * finds that step "running" and runs it again — safe, because every action reads the world first
 * and skips what is already true — and never touches a step stored as done.
 *
 * One executor per console process, driving each run from one loop — and only while this replica
 * holds the leader lease (DESIGN invariant 11). Each loop belongs to one term: when the term ends
 * its signal cancels the attempt in flight, and the fence makes sure nothing the loop would still
 * write lands after a successor took over (`Deposed`).
 */
export class Executor {
  private readonly loops = new Map<string, Promise<void>>();
  /** Per run: fires when an operator aborts, ending the attempt in flight and any backoff. */
  private readonly cancels = new Map<string, AbortController>();
  private readonly pauses = new Set<string>();
  private readonly again = new Set<string>();
  /** Runs whose loop lost the store, waiting STORE_RETRY_MS to be driven again. */
  private readonly retries = new Map<string, Promise<void>>();
  private readonly stopper = new AbortController();
  private readonly pollMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly fence: Fence;

  constructor(private readonly deps: ExecutorDeps) {
    this.pollMs = deps.pollMs ?? 1000;
    this.backoff = deps.backoff ?? { baseMs: 1000, maxMs: 15_000 };
    this.fence = deps.fence ?? soleDriver();
  }

  /**
   * Drives the run unless a loop already does. Returns at once; the run goes on in the background.
   * A follower does nothing: the leader hears of the run (server/runbooks/signals.ts) or finds it
   * on its next scan.
   */
  kick(runId: string): void {
    if (this.stopper.signal.aborted) return;
    const term = this.fence.term();
    if (!term) return;
    this.pauses.delete(runId);
    // A loop on its way out may have read the status before this resume: it runs once more after it.
    if (this.loops.has(runId)) {
      this.again.add(runId);
      return;
    }
    let storeLost = false;
    const loop = this.drive(runId, term)
      .catch((err: unknown) => {
        if (err instanceof Deposed || term.signal.aborted) log.warn(`run ${runId}: stopped driving it — ${err instanceof Error ? err.message : String(err)}; the leader resumes it`);
        else if (storeFailure(err)) {
          // The store went away under a read or a record (a failover, an outage). Nothing further
          // was sent to AWS; the run goes on from what is stored once the store answers again.
          storeLost = true;
          log.warn(`run ${runId}: the store failed under the executor (${err instanceof Error ? err.message : String(err)}); driving it again from the stored steps in ${STORE_RETRY_MS} ms`);
        } else log.error(`run ${runId}: the executor stopped on an unexpected error; the run stays as stored and the leader resumes it at its next scan`, err);
      })
      .finally(() => {
        this.loops.delete(runId);
        this.cancels.delete(runId);
        if (this.again.delete(runId)) this.kick(runId);
        else if (storeLost) {
          const retry = this.deps.clock
            .sleep(STORE_RETRY_MS, AbortSignal.any([this.stopper.signal, term.signal]))
            .then(
              () => {
                this.retries.delete(runId);
                this.kick(runId);
              },
              () => void this.retries.delete(runId),
            );
          this.retries.set(runId, retry);
        }
      });
    this.loops.set(runId, loop);
  }

  /** Both regions read now, as the preflight step reads them (resume and retry re-check with it). */
  worldNow(): Promise<WorldNow> {
    return this.deps.world();
  }

  /**
   * Every run stored as running and not driven here yet is picked up where it stopped: at start, on
   * becoming leader, and on the leader's periodic scan (a notification lost while the store was
   * away, a run whose loop ended on a store error). Returns the runs newly picked up.
   */
  async resumeAll(): Promise<string[]> {
    if (!this.fence.term()) return [];
    const ids = (await runningRunIds(this.deps.db)).filter((id) => !this.loops.has(id));
    for (const id of ids) {
      log.info(`run ${id}: resuming from its stored step state`);
      this.kick(id);
    }
    return ids;
  }

  /**
   * This replica just became leader: each run left running by the previous leader is recorded as
   * taken over ("run resumed by replica X after leader Y was lost"), then resumed. The record is
   * behind the fence, so a term that ended meanwhile takes over nothing.
   */
  async takeOver(term: Term, previous: LeaseRow | null): Promise<string[]> {
    const ids = (await runningRunIds(this.deps.db)).filter((id) => !this.loops.has(id));
    if (previous && ids.length > 0) {
      await this.write(term, async (tx) => {
        for (const runId of ids) {
          await appendAudit(tx, this.deps.clock, {
            ...SYSTEM(term),
            action: AUDIT_ACTIONS.runTakenOver,
            payload: { runId, replica: term.replica, token: term.token, previousLeader: previous.holder, previousToken: previous.token, how: previous.released ? "released" : "lost" },
          });
        }
      });
    }
    return this.resumeAll();
  }

  /** An operator paused the run (already stored): a wait in flight gives up its attempt; nothing further starts. */
  requestPause(runId: string): void {
    this.pauses.add(runId);
  }

  /** An operator aborted the run (already stored): the attempt in flight is cancelled. */
  requestAbort(runId: string, reason: string): void {
    this.cancels.get(runId)?.abort(new StepError("refused", `aborted: ${reason}`));
  }

  /**
   * Resolves once the run's loop (if any) has returned and no retry after a lost store is pending:
   * for tests, benchmarks and shutdown.
   */
  async settled(runId: string): Promise<void> {
    for (;;) {
      const pending = this.loops.get(runId) ?? this.retries.get(runId);
      if (!pending) return;
      await pending;
    }
  }

  /**
   * Stops every loop without touching what is stored — as a process exit would: a step in flight
   * stays "running" and is run again by the next start's resumeAll.
   */
  async stop(): Promise<void> {
    this.stopper.abort(new Error("console stopping"));
    await Promise.all([...this.loops.values(), ...this.retries.values()]);
  }

  /** The console stops, or this loop's term ended: write nothing more, leave the rest to the next leader. */
  private halted(term: Term): boolean {
    return this.stopper.signal.aborted || term.signal.aborted;
  }

  /** Every write the executor makes, in one transaction behind the fence of the term that drives the run. */
  private async write(term: Term, fn: (tx: Db) => Promise<void>): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      await this.fence.check(tx, term);
      await fn(tx);
    });
  }

  private async drive(runId: string, term: Term): Promise<void> {
    const cancel = new AbortController();
    this.cancels.set(runId, cancel);
    const base = await this.context(runId);
    if (!base) return;
    for (;;) {
      if (this.halted(term) || cancel.signal.aborted) return;
      const run = await runRow(this.deps.db, runId);
      if (!run || run.status !== "running") return;
      const steps = await stepRows(this.deps.db, runId);
      const next = steps.find((s) => s.status === "pending" || s.status === "running");
      if (!next) {
        await this.finish(term, run);
        return;
      }
      if ((await this.runStep(term, run, next, base, cancel.signal)) === "stop") return;
    }
  }

  /** What every step's context shares: the run's identity, its approver, the acknowledged lag. */
  private async context(runId: string): Promise<StepContext["run"] | null> {
    const { db } = this.deps;
    const run = await runRow(db, runId);
    if (!run) return null;
    const [proposal] = await db.select().from(tables.proposals).where(eq(tables.proposals.id, run.proposalId));
    const [approval] = await db.select().from(tables.approvals).where(eq(tables.approvals.proposalId, run.proposalId));
    const ack = DataLossAck.safeParse(proposal?.dataLossAck);
    return {
      id: run.id,
      runbook: run.runbook as Runbook,
      epoch: run.epoch,
      source: run.sourceRegion,
      target: run.targetRegion,
      approvedBy: approval?.approverName ?? "?",
      acknowledgedLagMs: ack.success ? ack.data.lastLagMs : null,
    };
  }

  /** One step, attempt after attempt, until it is done, out of attempts, refused, paused, aborted or voided. */
  private async runStep(term: Term, run: RunRow, row: StepRow, base: StepContext["run"], cancel: AbortSignal): Promise<Next> {
    const { db, clock } = this.deps;
    const spec = specOf(row, run);
    let attempts = row.attempts;
    for (;;) {
      // Before each attempt: an operator may have paused or aborted during the last one's backoff.
      const current = await runRow(db, run.id);
      if (!current || current.status !== "running") return this.putBack(term, run, row, current);
      attempts += 1;
      // Behind the fence: a replica that no longer leads never starts an attempt (and never calls AWS for it).
      await this.record(term, run, row, AUDIT_ACTIONS.runStepStarted, { attempt: attempts }, { status: "running", attempts, startedAt: clock.now(), finishedAt: null, error: null });

      const attempt = await this.attempt(term, run, row, spec, base, cancel, attempts);
      if (this.halted(term)) return "stop";
      if ("outcome" in attempt) {
        const action = attempt.outcome.status === "skipped" ? AUDIT_ACTIONS.runStepSkipped : AUDIT_ACTIONS.runStepSucceeded;
        await this.record(term, run, row, action, { attempt: attempts, detail: attempt.outcome.detail }, { status: attempt.outcome.status, finishedAt: clock.now(), detail: attempt.outcome.detail, error: null });
        return "continue";
      }
      if (attempt.error instanceof Paused) {
        await this.write(term, (tx) => updateStep(tx, run.id, row.idx, { status: "pending", detail: "paused while waiting; the wait starts again on resume" }));
        return "continue";
      }
      if (cancel.aborted) {
        const reason = cancel.reason instanceof Error ? cancel.reason.message : "aborted";
        await this.record(term, run, row, AUDIT_ACTIONS.runStepFailed, { attempt: attempts, error: reason, final: true }, { status: "aborted", finishedAt: clock.now(), error: reason });
        return "stop";
      }
      const error = attempt.error;
      const retry = error.kind === "retryable" && attempts < spec.maxAttempts;
      const payload = { attempt: attempts, kind: error.kind, error: error.message, final: !retry };
      if (retry) {
        const wait = Math.min(this.backoff.baseMs * 2 ** (attempts - 1), this.backoff.maxMs);
        await this.record(term, run, row, AUDIT_ACTIONS.runStepFailed, { ...payload, retryInMs: wait }, { error: error.message, detail: `attempt ${attempts} of ${spec.maxAttempts} failed; retrying in ${wait} ms` });
        try {
          await clock.sleep(wait, AbortSignal.any([cancel, this.stopper.signal, term.signal]));
        } catch {
          if (this.halted(term)) return "stop";
          return this.putBack(term, run, row, await runRow(db, run.id));
        }
        continue;
      }
      const detail = spec.bestEffort && error.kind !== "precondition" ? `best effort: gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}; the run goes on` : `failed after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
      await this.record(term, run, row, AUDIT_ACTIONS.runStepFailed, payload, { status: "failed", finishedAt: clock.now(), error: error.message, detail });
      if (error.kind === "precondition") {
        await this.voidRun(term, run, `${spec.title}: ${error.message}`);
        return "stop";
      }
      if (spec.bestEffort) return "continue";
      await this.failRun(term, run, `step ${row.idx + 1} (${spec.title}) failed: ${error.message}`);
      return "stop";
    }
  }

  /** One attempt under its timeout (clock time), cancelled as well by an abort or the console stopping. */
  private async attempt(term: Term, run: RunRow, row: StepRow, spec: StepSpec, base: StepContext["run"], cancel: AbortSignal, attemptNo: number): Promise<{ outcome: StepOutcome } | { error: StepError | Paused }> {
    const { clock, provider } = this.deps;
    const timeout = new AbortController();
    const timer = new AbortController();
    void clock.sleep(spec.timeoutMs, timer.signal).then(
      () => timeout.abort(new StepError("retryable", `timed out after ${spec.timeoutMs} ms`)),
      () => undefined,
    );
    const signal = AbortSignal.any([timeout.signal, cancel, this.stopper.signal, term.signal]);
    let lastProgress: string | null = null;
    const ctx: StepContext = {
      provider,
      clock,
      signal,
      attempt: attemptNo,
      run: base,
      lagBudgetMs: this.deps.lagBudgetMs,
      pollMs: this.pollMs,
      callTimeoutMs: this.deps.callTimeoutMs ?? 3000,
      world: () => this.deps.world(),
      progress: async (detail) => {
        if (detail === lastProgress) return;
        lastProgress = detail;
        await this.write(term, (tx) => updateStep(tx, run.id, row.idx, { detail }));
      },
      recordRpo: async (ms) => {
        await this.write(term, async (tx) => void (await tx.update(tables.runs).set({ rpoEstimateMs: ms }).where(eq(tables.runs.id, run.id))));
      },
      pauseRequested: () => this.pauses.has(run.id),
    };
    try {
      return { outcome: await runAction(ctx, spec) };
    } catch (err) {
      if (err instanceof Paused) return { error: err };
      // A timeout surfaces as whatever the provider threw when its signal fired; name the timeout.
      if (timeout.signal.aborted && timeout.signal.reason instanceof StepError) return { error: timeout.signal.reason };
      return { error: classify(err) };
    } finally {
      timer.abort();
    }
  }

  /** Stores a step change and its audit record together. */
  private async record(term: Term, run: RunRow, row: StepRow, action: AuditAction, payload: Record<string, unknown>, fields: Partial<StepRow>): Promise<void> {
    const { clock } = this.deps;
    // The instant the step row records, in the payload too: the audit's own time is read under its
    // lock, later, and the run page builds each attempt's start and end from these records.
    const stepAt = (fields.startedAt ?? fields.finishedAt ?? clock.now()).toISOString();
    await this.write(term, async (tx) => {
      await updateStep(tx, run.id, row.idx, fields);
      await appendAudit(tx, clock, {
        ...SYSTEM(term),
        action,
        payload: { runId: run.id, proposalId: run.proposalId, step: row.stepId, index: row.idx, title: row.title, region: row.region, stepAt, ...payload },
      });
    });
  }

  /** The run stopped being "running" under the step (paused or aborted): the step goes back to pending, untouched. */
  private async putBack(term: Term, run: RunRow, row: StepRow, current: RunRow | undefined): Promise<Next> {
    if (current?.status === "paused") await this.write(term, (tx) => updateStep(tx, run.id, row.idx, { status: "pending" }));
    if (current?.status === "aborted") await this.write(term, (tx) => updateStep(tx, run.id, row.idx, { status: "aborted", finishedAt: this.deps.clock.now() }));
    return "stop";
  }

  private async finish(term: Term, run: RunRow): Promise<void> {
    await this.transition(term, run.id, ["running"], "succeeded", null, AUDIT_ACTIONS.runSucceeded, "done");
  }

  private async failRun(term: Term, run: RunRow, reason: string): Promise<void> {
    await this.transition(term, run.id, ["running", "paused"], "failed", reason, AUDIT_ACTIONS.runFailed, null);
  }

  /** The run-start re-check found a blocking change: the run and the approval behind it are void. */
  private async voidRun(term: Term, run: RunRow, reason: string): Promise<void> {
    await this.transition(term, run.id, ["running", "paused"], "voided", reason, AUDIT_ACTIONS.runVoided, "voided");
  }

  /** A run status change, only from the expected statuses (an operator's abort wins over the executor), with its audit record. */
  private async transition(
    term: Term,
    runId: string,
    from: readonly string[],
    to: "succeeded" | "failed" | "voided",
    reason: string | null,
    action: AuditAction,
    proposalStatus: "done" | "voided" | null,
  ): Promise<void> {
    const { clock } = this.deps;
    await this.write(term, async (tx) => {
      // Lock order (server/audit/README.md): the lease (shared, the fence), proposal, run, then every row change, the audit appends last.
      const run = await lockRunAndProposal(tx, runId);
      if (!run || !from.includes(run.status)) return;
      const now = clock.now();
      const terminal = to !== "failed";
      await tx
        .update(tables.runs)
        .set({ status: to, statusReason: reason, finishedAt: terminal ? now : null })
        .where(eq(tables.runs.id, runId));
      if (proposalStatus) {
        await tx
          .update(tables.proposals)
          .set(proposalStatus === "voided" ? { status: "voided", decisionReason: reason } : { status: "done" })
          .where(and(eq(tables.proposals.id, run.proposalId), inArray(tables.proposals.status, ["approved"])));
      }
      await appendAudit(tx, clock, { ...SYSTEM(term), action, payload: { runId, proposalId: run.proposalId, runbook: run.runbook, targetRegion: run.targetRegion, epoch: run.epoch, reason, rpoEstimateMs: run.rpoEstimateMs } });
      if (proposalStatus === "voided") {
        await appendAudit(tx, clock, { ...SYSTEM(term), action: AUDIT_ACTIONS.proposalVoided, payload: { proposalId: run.proposalId, runId, reason } });
      }
    });
  }
}
