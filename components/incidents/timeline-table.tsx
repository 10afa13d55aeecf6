import { memo } from "react";
import { Pill } from "@/components/dashboard/pill";
import { DataTable } from "@/components/ui/data-table";
import type { TimelineEvent } from "@/lib/incidents";
import { SEVERITY_TONE } from "@/components/dashboard/format";
import { eventAnchor, formatInstant, KIND_LABEL } from "./format";

/**
 * The timeline, oldest first: one row per event, each with the anchor the figures link to.
 * Memoised: thousands of rows re-render only when the events (or the caption) change.
 */
export const TimelineTable = memo(function TimelineTable({ events, caption, emptyText }: { events: readonly TimelineEvent[]; caption: string; emptyText: string }) {
  return (
    <DataTable caption={caption} columns={["Time (UTC)", "Kind", "Severity", "Region", "What", "Who"]} empty={events.length === 0 ? emptyText : null}>
      {events.map((e) => (
        <tr
          key={`${e.source.table}-${e.source.id}`}
          id={eventAnchor(e.source)}
          data-testid="timeline-event"
          data-kind={e.kind}
          data-type={e.type}
          className="border-b border-slate-100 align-top last:border-b-0 target:bg-amber-50 dark:border-slate-800 dark:target:bg-amber-950"
        >
          <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-normal tabular-nums">
            {formatInstant(e.at).replace(" UTC", "")}
          </th>
          <td className="px-3 py-1.5">{KIND_LABEL[e.kind]}</td>
          <td className="px-3 py-1.5">{e.severity ? <Pill tone={SEVERITY_TONE[e.severity]}>{e.severity}</Pill> : "—"}</td>
          <td className="whitespace-nowrap px-3 py-1.5">{e.region ?? "—"}</td>
          <td className="px-3 py-1.5">
            <span className="font-medium">{e.title}</span>
            {e.detail ? <span className="block whitespace-pre-wrap text-xs text-slate-700 dark:text-slate-300">{e.detail}</span> : null}
          </td>
          <td className="px-3 py-1.5">{e.actor?.name ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
});
