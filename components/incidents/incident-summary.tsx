"use client";

import { formatMs } from "@/components/dashboard/format";
import { useNow } from "@/components/proposals/use-now";
import { Pill } from "@/components/dashboard/pill";
import type { Incident } from "@/lib/incidents";
import { INCIDENT_SEVERITY_LABEL, INCIDENT_SEVERITY_TONE, formatMinute, incidentAge } from "./format";

/** Who, what and when: the facts a postmortem starts from. */
export function IncidentSummary({ incident, now: fixedNow }: { incident: Incident; now?: number | null }) {
  // Its own clock, so the ticking duration re-renders this card and not the timeline below.
  const ticking = useNow(1_000);
  const now = fixedNow === undefined ? ticking : fixedNow;
  const age = incidentAge(incident.startedAt, incident.endedAt, now);
  const rows: [string, string][] = [
    ["Severity", INCIDENT_SEVERITY_LABEL[incident.severity]],
    ["Commander", incident.commander.name],
    [
      "Opened",
      incident.auto
        ? `automatically on ${incident.trigger ? `"${incident.trigger.title}"` : "a critical finding"}`
        : `declared by ${incident.declaredBy.name}`,
    ],
    ["Started", formatMinute(incident.startedAt)],
    ["Ended", incident.endedAt ? formatMinute(incident.endedAt) : "still open"],
    [incident.endedAt ? "Lasted" : "Open for", age === null ? "…" : formatMs(age)],
  ];
  if (incident.resolution) rows.push(["Resolution", incident.resolution]);
  return (
    <section aria-labelledby="incident-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="incident-heading" className="text-xl font-bold">
          {incident.title}
        </h2>
        <Pill tone={INCIDENT_SEVERITY_TONE[incident.severity]}>{incident.severity}</Pill>
        <Pill tone={incident.status === "open" ? "bad" : "neutral"} data-testid="incident-status" data-status={incident.status}>
          {incident.status}
        </Pill>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-semibold">{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
