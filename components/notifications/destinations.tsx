import type { DestinationView } from "@/lib/notifications";
import { DataTable } from "@/components/ui/data-table";

const TYPE_LABEL = { slack: "Slack webhook", pagerduty: "PagerDuty Events v2", webhook: "Signed JSON webhook" } as const;

/** The configured destinations, and why one is not in use (its environment variable is unset). */
export function Destinations({ destinations }: { destinations: readonly DestinationView[] }) {
  return (
    <DataTable
      caption="Destinations"
      columns={["Name", "Type", "Events", "State"]}
      empty={destinations.length === 0 ? "No destinations configured: add notifications.destinations to the config file (see the README)." : null}
    >
      {destinations.map((d) => (
        <tr key={d.name} className="border-t border-slate-200 align-top dark:border-slate-800">
          <th scope="row" className="px-3 py-2 text-left font-semibold">
            {d.name}
          </th>
          <td className="px-3 py-2">{TYPE_LABEL[d.type]}</td>
          <td className="px-3 py-2 break-words">{d.events.join(", ")}</td>
          <td className="px-3 py-2">{d.ready ? <span className="font-semibold text-emerald-800 dark:text-emerald-300">In use</span> : <span className="font-semibold text-red-800 dark:text-red-300">Not in use: {d.problem}</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
