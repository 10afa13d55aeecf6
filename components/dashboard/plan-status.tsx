"use client";

import type { PlanStatus } from "@/lib/plan";
import { ageAt, formatAge, formatMs } from "./format";
import { useSnapshotTime } from "./snapshot-time";
import { useEvaluatePlan, useIsAdmin } from "./use-plan";

/**
 * One line: "failover plan: 26/26 checks passed 12 min ago" (issue 15 §7), its age growing while
 * the screen is open; each failing check is a finding below, with its fix. Admins may run the
 * checks now.
 */
export function PlanStatusLine({ plan }: { plan: PlanStatus | null | undefined }) {
  const isAdmin = useIsAdmin();
  if (plan === undefined) return null;
  return (
    <section aria-label="Failover plan" className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
      <PlanSummary plan={plan} />
      {isAdmin ? <EvaluateNow running={plan?.running !== null && plan?.running !== undefined} /> : null}
    </section>
  );
}

function PlanSummary({ plan }: { plan: PlanStatus | null }) {
  const { generatedAt, heldMs } = useSnapshotTime();
  const last = plan?.last ?? null;
  const failing = last ? last.total - last.passed : 0;
  const tone = !last ? "text-slate-700 dark:text-slate-300" : failing > 0 ? "text-amber-800 dark:text-amber-300" : "text-emerald-800 dark:text-emerald-300";
  return (
    <p data-testid="plan-status" className={`font-semibold ${tone}`}>
      {last ? (
        <>
          failover plan: {last.passed}/{last.total} checks passed {formatAge(ageAt(last.evaluatedAt, generatedAt, heldMs))}
          {failing > 0 ? ` — ${failing} failing (see findings)` : ""}
          {last.warned > 0 ? `, ${last.warned} warning${last.warned === 1 ? "" : "s"}` : ""}
        </>
      ) : (
        "failover plan: not evaluated yet"
      )}
      {plan?.running ? <span className="ml-2 font-normal">(evaluating now…)</span> : null}
      {plan ? <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400">every {formatMs(plan.intervalMinutes * 60_000)}</span> : null}
    </p>
  );
}

function EvaluateNow({ running }: { running: boolean }) {
  const evaluate = useEvaluatePlan();
  const busy = evaluate.isPending || running;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={() => evaluate.mutate()}
        disabled={busy}
        aria-busy={evaluate.isPending}
        className="rounded-md border-2 border-slate-700 px-3 py-1 font-semibold hover:bg-slate-100 focus-visible:outline focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-wait disabled:opacity-60 dark:border-slate-300 dark:hover:bg-slate-800"
      >
        {evaluate.isPending ? "Evaluating…" : "Evaluate now"}
      </button>
      <span role="status" className="text-sm">
        {evaluate.isPending ? "Running the plan's checks…" : evaluate.isSuccess ? `Done: ${evaluate.data.result.passed}/${evaluate.data.result.total} passed.` : ""}
      </span>
      {evaluate.isError ? (
        <p role="alert" className="text-sm font-semibold text-red-800 dark:text-red-300">
          Could not evaluate the plan: {evaluate.error.message}
        </p>
      ) : null}
    </div>
  );
}
