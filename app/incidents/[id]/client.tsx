"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useCallback, useState } from "react";
import { parseTimelineFilter, timelineFilterSearch, type TimelineFilter } from "@/components/incidents/filter";
import { IncidentScreen, type IncidentScreenProps } from "@/components/incidents/incident-screen";

type IncidentViewProps = Omit<IncidentScreenProps, "filter" | "onFilterChange"> & {
  /** The filter the server read from the URL, for the render before the search params are known. */
  initialFilter: TimelineFilter;
};

const noop = () => undefined;

/** The incident with its timeline filter kept in the URL (`?kind=finding&region=us-east-1&severity=critical`). */
export function IncidentView({ initialFilter, ...props }: IncidentViewProps) {
  return (
    <Suspense fallback={<IncidentScreen {...props} filter={initialFilter} onFilterChange={noop} />}>
      <IncidentWithUrl {...props} />
    </Suspense>
  );
}

function IncidentWithUrl(props: Omit<IncidentScreenProps, "filter" | "onFilterChange">) {
  const params = useSearchParams();
  const pathname = usePathname();
  // The filter is the page's own state, mirrored to the URL: the URL's update reaches
  // useSearchParams in a transition, and a checkbox must not wait for it (a long timeline re-renders).
  const [filter, setFilter] = useState(() => parseTimelineFilter(params));
  const onFilterChange = useCallback(
    (next: TimelineFilter) => {
      setFilter(next);
      const query = timelineFilterSearch(params.toString(), next);
      // As on the audit page: the History API updates the URL without a server round trip, and
      // replace keeps filter tweaks out of the back button.
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [params, pathname],
  );
  return <IncidentScreen {...props} filter={filter} onFilterChange={onFilterChange} />;
}
