"use client";

import Link from "next/link";
import { Pill } from "@/components/dashboard/pill";
import { DataTable } from "@/components/ui/data-table";
import { formatDuration, type Incident } from "@/lib/incidents";
import { INCIDENT_SEVERITY_TONE, formatMinute, incidentAge } from "./format";
import { useIncidents } from "./use-incidents";
import { ErrorText } from "@/components/ui/error-text";

export const INCIDENT_LIST_LIMIT = 20;

/** The newest incidents, open and closed, each linking to its timeline. */
export function IncidentList({ initial }: { initial: Incident[] }) {
  const query = useIncidents(INCIDENT_LIST_LIMIT, initial);
  const incidents = query.data ?? initial;
  return (
    <div className="flex flex-col gap-3">
      {query.isError ? (
        <ErrorText>
          Could not refresh the incidents: {query.error.message}
        </ErrorText>
      ) : null}
      <DataTable caption="Incidents, newest first" columns={["Title", "Severity", "Status", "Commander", "Started", "Lasted"]} empty={incidents.length === 0 ? "No incidents yet." : null}>
        {incidents.map((incident) => (
          <tr key={incident.id} data-testid="incident-row" data-status={incident.status} className="border-b border-slate-100 last:border-b-0 dark:border-slate-800">
            <th scope="row" className="px-3 py-2 text-left font-normal">
              <Link href={`/incidents/${incident.id}`} className="font-semibold text-sky-700 underline dark:text-sky-400">
                {incident.title}
              </Link>
              {incident.auto ? <span className="block text-xs">opened automatically</span> : null}
            </th>
            <td className="px-3 py-2">
              <Pill tone={INCIDENT_SEVERITY_TONE[incident.severity]}>{incident.severity}</Pill>
            </td>
            <td className="px-3 py-2">
              <Pill tone={incident.status === "open" ? "bad" : "neutral"}>{incident.status}</Pill>
            </td>
            <td className="px-3 py-2">{incident.commander.name}</td>
            <td className="px-3 py-2 tabular-nums">{formatMinute(incident.startedAt)}</td>
            <td className="px-3 py-2 tabular-nums">{incident.endedAt ? formatDuration(incidentAge(incident.startedAt, incident.endedAt, null)) : "still open"}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
