import type { Runbook } from "@/lib/proposals";
import type { Change } from "./model";

/**
 * What approving will change, before → after, from the live snapshot: authority epochs, app roles,
 * routing and the database writer. The approver consents to exactly this.
 */
export function ChangesTable({ changes, runbook }: { changes: Change[]; runbook: Runbook }) {
  return (
    <div className="flex flex-col gap-1">
      <table className="w-full border-collapse text-sm" data-testid="changes">
        <caption className="pb-1 text-left text-base font-bold">What will change</caption>
        <thead>
          <tr className="border-b border-slate-300 dark:border-slate-600">
            {["Change", "Region", "Before", "After"].map((h) => (
              <th key={h} scope="col" className="py-1 pr-3 text-left font-semibold last:pr-0">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.what}-${c.region}`} className="border-b border-slate-200 last:border-b-0 dark:border-slate-700" data-change={c.what} data-region={c.region}>
              <th scope="row" className="py-1 pr-3 text-left font-medium">
                {c.what}
              </th>
              <td className="py-1 pr-3">{c.region}</td>
              <td className="py-1 pr-3 font-mono">{c.before}</td>
              <td className="py-1 font-mono font-bold">
                <span aria-hidden="true">→ </span>
                {c.after}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Order: the source is fenced before the target is promoted; the target&apos;s routing is turned On before the source&apos;s is turned Off.
        {runbook === "unplanned-failover" ? " Fencing the impaired source is best effort: a failed attempt is recorded and the run goes on." : ""}
        {runbook === "failback" ? " Failback first fences any stale authority claim in the target and waits for it to be re-protected." : ""}
        {runbook === "restore-writes" ? " Restore writes fences the other region's claim best effort and does not touch the database." : ""}
      </p>
    </div>
  );
}
