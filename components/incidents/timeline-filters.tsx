"use client";

import { Button } from "@/components/ui/button";
import { TIMELINE_KINDS } from "@/lib/incidents";
import { NO_FILTER, SEVERITIES, isFiltered, toggled, type TimelineFilter } from "./filter";
import { KIND_LABEL } from "./format";

/** Kind, region and severity: checkboxes and a select, each change kept in the URL by the page. */
export function TimelineFilters({ filter, regions, onChange }: { filter: TimelineFilter; regions: readonly string[]; onChange: (next: TimelineFilter) => void }) {
  return (
    <div role="group" aria-label="Timeline filters" className="flex flex-wrap items-end gap-x-6 gap-y-3 text-sm">
      <fieldset className="flex flex-wrap gap-3">
        <legend className="mb-1 font-medium">Kind</legend>
        {TIMELINE_KINDS.map((kind) => (
          <label key={kind} className="inline-flex items-center gap-1.5">
            <input type="checkbox" checked={filter.kinds.includes(kind)} onChange={() => onChange({ ...filter, kinds: toggled(filter.kinds, kind, TIMELINE_KINDS) })} />
            {KIND_LABEL[kind]}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor="timeline-region" className="font-medium">
          Region
        </label>
        <select
          id="timeline-region"
          value={filter.region ?? ""}
          onChange={(e) => onChange({ ...filter, region: e.target.value || null })}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-900"
        >
          <option value="">All regions</option>
          {[...new Set([...regions, ...(filter.region ? [filter.region] : [])])].map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="mb-1 font-medium">Severity</legend>
        {SEVERITIES.map((s) => (
          <label key={s} className="inline-flex items-center gap-1.5">
            <input type="checkbox" checked={filter.severities.includes(s)} onChange={() => onChange({ ...filter, severities: toggled(filter.severities, s, SEVERITIES) })} />
            {s}
          </label>
        ))}
      </fieldset>
      {isFiltered(filter) ? (
        <Button type="button" variant="secondary" onClick={() => onChange(NO_FILTER)}>
          Show everything
        </Button>
      ) : null}
    </div>
  );
}
