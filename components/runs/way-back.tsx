"use client";

import { useQuery } from "@tanstack/react-query";
import { Checklist } from "@/components/dashboard/readiness-panel";
import { worldNow } from "@/components/proposals/model";
import { ProposeActions } from "@/components/proposals/propose-actions";
import { DataTable } from "@/components/ui/data-table";
import { apiGet } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { Run } from "@/lib/runs";
import { Snapshot } from "@/lib/snapshot";

/**
 * No dead ends (DESIGN invariant 12): a run that failed or was aborted says what state the world is
 * in now and which runbook leads back — retrying the failed step, or restoring writes to the region
 * that is the Aurora writer (two-person, like every runbook), proposed right here.
 */
export function WayBack({ run }: { run: Run }) {
  const state = useQuery({ queryKey: queryKeys.state(), queryFn: () => apiGet("/api/state", Snapshot), refetchInterval: 2_000 });
  if (run.status !== "failed" && run.status !== "aborted") return null;
  const snapshot = state.data;
  const restores = snapshot?.readiness.filter((c) => c.mode === "restore") ?? [];
  const restore = restores.find((c) => c.ready) ?? restores[0];
  return (
    <section aria-labelledby="way-back" className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950">
      <h2 id="way-back" className="text-xl font-bold">
        The world now, and the way back
      </h2>
      {snapshot ? (
        <DataTable caption="Each region as the monitor reads it now" columns={["Region", "Aurora", "Authority flag", "App role", "Routing"]} empty={null}>
          {worldNow(snapshot).map((r) => (
            <tr key={r.region} className="border-b border-slate-200 last:border-b-0 dark:border-slate-800">
              {[r.region, r.aurora, r.authority, r.appRole, r.routing].map((cell, i) => (
                <td key={i} className="px-3 py-2 font-mono">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{state.isError ? `Could not read the world: ${state.error.message}` : "Reading the world…"}</p>
      )}
      <ul className="list-disc pl-5">
        {run.status === "failed" ? <li>Retry the failed step (above) once what stopped it is fixed: the run carries on from there.</li> : null}
        <li>
          {restore
            ? `Restore writes: ${restore.target} is the Aurora writer; it gets write authority at a new epoch, its app role and traffic, after the other region's claim is fenced.`
            : "Restore writes needs exactly one Aurora writer, and the monitor sees none it can name right now."}
        </li>
      </ul>
      {restore && snapshot ? <Checklist checklist={restore} actions={<ProposeActions checklist={restore} snapshot={snapshot} />} /> : null}
    </section>
  );
}
