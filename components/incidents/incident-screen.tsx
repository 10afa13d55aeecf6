"use client";

import Link from "next/link";
import type { IncidentDetail } from "@/lib/incidents";
import type { SessionUser } from "@/lib/session";
import { ExportLinks } from "./export-links";
import type { TimelineFilter } from "./filter";
import { FiguresTable } from "./figures-table";
import { IncidentControls } from "./incident-controls";
import { IncidentSummary } from "./incident-summary";
import { TimelineSection } from "./timeline-section";
import { useFigures, useIncident } from "./use-incidents";
import { ErrorText } from "@/components/ui/error-text";

export interface IncidentScreenProps {
  initial: IncidentDetail;
  user: SessionUser;
  /** The configured regions, for the region filter. */
  regions: readonly string[];
  filter: TimelineFilter;
  onFilterChange: (next: TimelineFilter) => void;
}

/** One incident: who and when, the actions an operator has, the recovery figures, exports, and the live timeline. */
export function IncidentScreen({ initial, user, regions, filter, onFilterChange }: IncidentScreenProps) {
  const query = useIncident(initial.incident.id, initial);
  const incident = (query.data ?? initial).incident;
  const open = incident.status === "open";
  const figures = useFigures(incident.id, open);
  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-col gap-4">
        <IncidentSummary incident={incident} />
        {query.isError ? (
          <ErrorText>
            Could not refresh the incident: {query.error.message}. What you see may be out of date.
          </ErrorText>
        ) : null}
        <IncidentControls incident={incident} user={user} />
      </div>
      <FiguresTable figures={figures.data} error={figures.error?.message ?? null} live={open} />
      <ExportLinks incidentId={incident.id} open={open} />
      <TimelineSection incidentId={incident.id} open={open} filter={filter} onFilterChange={onFilterChange} regions={regions} />
      <p>
        <Link href="/incidents" className="font-medium text-sky-700 underline dark:text-sky-400">
          All incidents
        </Link>
      </p>
    </div>
  );
}
