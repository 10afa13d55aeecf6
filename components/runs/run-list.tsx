"use client";

import Link from "next/link";
import { formatClock } from "@/components/dashboard/format";
import { Pill } from "@/components/dashboard/pill";
import { DataTable } from "@/components/ui/data-table";
import { RUNBOOK_LABEL } from "@/components/proposals/model";
import type { Run } from "@/lib/runs";
import { RUN_STATUS, doneCount } from "./format";
import { useRuns } from "./use-runs";

export const RUN_LIST_LIMIT = 20;

/** The newest runs, newest first, each linking to its live view. */
export function RunList({ initialRuns }: { initialRuns: Run[] }) {
  const query = useRuns(RUN_LIST_LIMIT, initialRuns);
  const runs = query.data ?? initialRuns;
  return (
    <div className="flex flex-col gap-3">
      {query.isError ? (
        <p role="alert" className="font-semibold text-red-800 dark:text-red-300">
          Could not refresh the runs: {query.error.message}
        </p>
      ) : null}
      <DataTable
        caption="Runs, newest first"
        columns={["Started (UTC)", "Runbook", "Regions", "Epoch", "Status", "Steps"]}
        empty={runs.length === 0 ? "No runs yet. A run starts when a different person approves a proposal." : null}
      >
        {runs.map((run) => (
          <tr key={run.id} data-testid="run-row" data-status={run.status} className="border-b border-slate-100 last:border-b-0 dark:border-slate-800">
            <th scope="row" className="px-3 py-2 text-left font-normal tabular-nums">
              <Link href={`/runs/${run.id}`} className="font-semibold text-sky-700 underline dark:text-sky-400">
                {run.createdAt.slice(0, 10)} {formatClock(run.createdAt).replace(" UTC", "")}
              </Link>
            </th>
            <td className="px-3 py-2">{RUNBOOK_LABEL[run.runbook]}</td>
            <td className="px-3 py-2">
              {run.sourceRegion} → {run.targetRegion}
            </td>
            <td className="px-3 py-2 tabular-nums">{run.epoch}</td>
            <td className="px-3 py-2">
              <Pill tone={RUN_STATUS[run.status].tone}>{RUN_STATUS[run.status].word}</Pill>
              {run.statusReason ? <span className="block text-xs">{run.statusReason}</span> : null}
            </td>
            <td className="px-3 py-2 tabular-nums">
              {doneCount(run.steps)}/{run.steps.length}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
