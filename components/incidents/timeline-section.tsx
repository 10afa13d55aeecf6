"use client";

import { formatClockMs } from "@/components/audit/format";
import { Button } from "@/components/ui/button";
import { describeFilter, type TimelineFilter } from "./filter";
import { formatMinute } from "./format";
import { TimelineFilters } from "./timeline-filters";
import { TimelineTable } from "./timeline-table";
import { useTimeline } from "./use-timeline";
import { ErrorText } from "@/components/ui/error-text";

export interface TimelineSectionProps {
  incidentId: string;
  open: boolean;
  filter: TimelineFilter;
  onFilterChange: (next: TimelineFilter) => void;
  regions: readonly string[];
}

/** The merged timeline with its filters, paged, and followed live while the incident is open. */
export function TimelineSection({ incidentId, open, filter, onFilterChange, regions }: TimelineSectionProps) {
  const { pages, tail, events, window, following, waitingForReader } = useTimeline(incidentId, filter, open);
  const what = describeFilter(filter);
  return (
    <section aria-labelledby="timeline-heading" className="flex flex-col gap-3">
      <h2 id="timeline-heading" className="text-xl font-bold">
        Timeline
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Signal transitions, findings raised and cleared, proposals, approvals and run steps from the audit log, notes, and the console&apos;s own stalls — in
        time order, from 15 minutes before the incident started, or from the end of the previous incident if that was later
        {window ? ` (${formatMinute(window.from)})` : ""}.
      </p>
      <TimelineFilters filter={filter} regions={regions} onChange={onFilterChange} />
      <p className="text-sm" data-testid="timeline-status">
        {/* Announced when the count or the mode changes; the clock of the last check stays out of it. */}
        <span role="status">
          {pages.isPending
            ? "Loading the timeline…"
            : `${events.length} ${events.length === 1 ? "event" : "events"} shown${pages.hasNextPage ? ", more to load" : ""}.`}
          {following ? " Following live." : ""}
          {waitingForReader ? " Too long to load by itself: load more (or narrow the filters) to reach the newest events and follow live." : ""}
        </span>
        {following && tail.data ? ` Last checked ${formatClockMs(tail.data.checkedAt)}.` : ""}
      </p>
      {pages.isError || tail.isError ? (
        <ErrorText>
          Could not load the timeline: {(pages.error ?? tail.error)?.message}
        </ErrorText>
      ) : null}
      <TimelineTable
        events={events}
        caption={`Timeline, oldest first: ${what}`}
        emptyText={pages.isPending ? "Loading…" : `No ${what === "all events" ? "events" : what} in the incident's window yet.`}
      />
      {pages.hasNextPage ? (
        <div>
          <Button type="button" variant="secondary" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {pages.isFetchingNextPage ? "Loading…" : "Load more events"}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
