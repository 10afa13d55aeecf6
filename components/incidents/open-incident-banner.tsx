"use client";

import Link from "next/link";
import { Pill } from "@/components/dashboard/pill";
import { formatMs } from "@/components/dashboard/format";
import { useNow } from "@/components/proposals/use-now";
import type { Incident } from "@/lib/incidents";
import { INCIDENT_SEVERITY_TONE, incidentAge } from "./format";
import { useOpenIncident } from "./use-incidents";

/**
 * The open incident, under the header on every page: severity, title, commander and how long it
 * has run, linking to its timeline. Nothing when none is open. A live region, so a screen reader
 * hears an incident that opens (or is opened automatically) while the page is up.
 */
export function OpenIncidentBanner({ initial }: { initial: Incident | null }) {
  const query = useOpenIncident(initial);
  const incident = query.data ?? null;
  const now = useNow(1_000);
  const age = incident ? incidentAge(incident.startedAt, null, now) : null;
  return (
    <div className={incident ? "border-b border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950" : undefined}>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-1 px-4 text-sm 2xl:max-w-none 2xl:px-6 text-red-950 dark:text-red-50">
        {/* The live region holds what is worth announcing; the running clock stays outside it. */}
        <p role="status" aria-label="Open incident" className={`flex flex-wrap items-center gap-x-3 gap-y-1 ${incident ? "py-2" : ""}`}>
          {incident ? (
            <>
              <Pill tone={INCIDENT_SEVERITY_TONE[incident.severity]}>{incident.severity}</Pill>{" "}
              <strong>Incident open:</strong>{" "}
              <Link href={`/incidents/${incident.id}`} className="font-semibold underline" data-testid="open-incident-link">
                {incident.title}
              </Link>{" "}
              <span>
                Commander: <strong>{incident.commander.name}</strong>
                {incident.auto && incident.commander.id === "system" ? " (opened automatically; an operator should take command)" : ""}
              </span>
            </>
          ) : null}
        </p>
        {incident && age !== null ? <span>· open for {formatMs(age)}</span> : null}
      </div>
    </div>
  );
}
