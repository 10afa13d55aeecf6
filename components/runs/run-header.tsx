import type { ReactNode } from "react";
import { formatClock, formatMs } from "@/components/dashboard/format";
import { Pill } from "@/components/dashboard/pill";
import { runbookTitle } from "@/components/proposals/model";
import type { Run } from "@/lib/runs";
import { RUN_STATUS, doneCount, elapsedMs } from "./format";

/** What the run does, to whom, at which epoch, and where it stands — the status in words, with its reason. */
export function RunHeader({ run, now }: { run: Run; now: number | null }) {
  const status = RUN_STATUS[run.status];
  const total = elapsedMs(run.createdAt, run.finishedAt, now);
  return (
    <section aria-labelledby="run-heading" className="flex flex-col gap-3 rounded-lg border-2 border-slate-300 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="run-heading" className="text-2xl font-bold">
          {runbookTitle(run)}
        </h2>
      </div>
      <div role="status" aria-live="polite" className="flex flex-wrap items-center gap-2 text-lg">
        <Pill tone={status.tone} data-testid="run-status" data-status={run.status} className="text-sm">
          {status.word}
        </Pill>
        <span>
          {doneCount(run.steps)} of {run.steps.length} steps done; {status.meaning}.
        </span>
      </div>
      {run.statusReason ? (
        <p className={`font-semibold ${status.tone === "bad" ? "text-red-800 dark:text-red-300" : ""}`} data-testid="run-status-reason">
          Reason: {run.statusReason}
        </p>
      ) : null}
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-4">
        <Fact label="Epoch">
          <span className="tabular-nums">{run.epoch}</span>
        </Fact>
        <Fact label="Data loss">
          <span data-testid="run-rpo">{rpoText(run)}</span>
        </Fact>
        <Fact label="Started">{formatClock(run.createdAt)}</Fact>
        <Fact label={run.finishedAt ? "Finished" : "Running for"}>
          {run.finishedAt ? `${formatClock(run.finishedAt)} (${formatMs(total)})` : total === null ? "…" : formatMs(total)}
        </Fact>
      </dl>
    </section>
  );
}

/** Unplanned failover: the RPO lag read just before the failover call. The others switch over with no loss. */
export function rpoText(run: Pick<Run, "runbook" | "rpoEstimateMs">): string {
  if (run.runbook !== "unplanned-failover") return "none expected (switchover, RPO 0)";
  return run.rpoEstimateMs === null ? "RPO estimate: not known yet (read just before the failover call)" : `RPO estimate: ${formatMs(run.rpoEstimateMs)}`;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col">
      <dt className="text-sm font-semibold uppercase text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}
