"use client";

import Link from "next/link";
import { Pill } from "@/components/dashboard/pill";
import { RUN_STATUS, currentStep, doneCount } from "./format";
import { rpoText } from "./run-header";
import { isLive, useRun } from "./use-runs";

/** A run in one line, for the approvals panel: status, step n of m, and a link to the full view. */
export function RunProgress({ runId }: { runId: string }) {
  const query = useRun(runId);
  const run = query.data;
  return (
    <div className="flex flex-col gap-1" data-testid="run-progress">
      {run ? (
        <>
          <p role="status" aria-live="polite" className="flex flex-wrap items-center gap-2">
            <span className="font-semibold">Run</span>
            <Pill tone={RUN_STATUS[run.status].tone} data-testid="run-status" data-status={run.status}>
              {RUN_STATUS[run.status].word}
            </Pill>
            <span>
              {doneCount(run.steps)} of {run.steps.length} steps done
              {isLive(run.status) && currentStep(run.steps) ? `; now: ${currentStep(run.steps)?.title}` : ""}
            </span>
          </p>
          {run.statusReason ? <p className="text-sm">Reason: {run.statusReason}</p> : null}
          {run.runbook === "unplanned-failover" && run.rpoEstimateMs !== null ? <p className="text-sm">{rpoText(run)}</p> : null}
        </>
      ) : query.isError ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          Could not read the run: {query.error.message}
        </p>
      ) : (
        <p className="text-sm">Loading the run…</p>
      )}
      <Link href={`/runs/${runId}`} className="w-fit font-semibold text-sky-700 underline dark:text-sky-400">
        View run
      </Link>
    </div>
  );
}
