"use client";

import type { DeliveryLog, DeliveryStatus } from "@/lib/notifications";
import { DataTable } from "@/components/ui/data-table";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { Destinations } from "./destinations";
import { useDeliveryLog, useSendTest } from "./use-notifications";

const STATUS: Record<DeliveryStatus, { label: string; className: string }> = {
  pending: { label: "Waiting to retry", className: "text-amber-800 dark:text-amber-300" },
  sending: { label: "Sending", className: "text-sky-800 dark:text-sky-300" },
  delivered: { label: "Delivered", className: "text-emerald-800 dark:text-emerald-300" },
  gave_up: { label: "Gave up", className: "text-red-800 dark:text-red-300" },
};

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" }) : "—");

/** Admins: where notifications go and what happened to each, newest first. */
export function DeliveryLogScreen({ initial }: { initial: DeliveryLog }) {
  const log = useDeliveryLog(initial);
  const test = useSendTest();
  const { destinations, deliveries } = log.data;
  return (
    <div className="flex flex-col gap-4">
      <Destinations destinations={destinations} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" onClick={() => test.mutate()} disabled={test.isPending || !destinations.some((d) => d.ready)}>
          Send a test notification
        </Button>
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          {test.isSuccess ? "Test requested: it appears below within seconds." : null}
        </p>
        {test.error ? <ErrorText>{test.error.message}</ErrorText> : null}
      </div>
      <DataTable
        caption="Deliveries (newest first)"
        columns={["Event", "Destination", "Status", "Attempts", "Last answer", "Event time", "Next attempt", "Delivered"]}
        empty={deliveries.length === 0 ? "Nothing sent yet." : null}
        busy={log.isFetching}
      >
        {deliveries.map((d) => (
          <tr key={d.id} className="border-t border-slate-200 align-top dark:border-slate-800">
            <td className="px-3 py-2">
              <span className="font-medium">{d.title}</span>
              <span className="block text-xs text-slate-600 dark:text-slate-400">
                {d.kind} · audit #{d.auditSeq}
              </span>
            </td>
            <td className="px-3 py-2">{d.destination}</td>
            <td className={`px-3 py-2 font-semibold ${STATUS[d.status].className}`}>{STATUS[d.status].label}</td>
            <td className="px-3 py-2 tabular-nums">{d.attempts}</td>
            <td className="max-w-xs px-3 py-2 break-words">{d.lastError ?? (d.lastStatus !== null ? `HTTP ${d.lastStatus}` : "—")}</td>
            <td className="px-3 py-2 whitespace-nowrap">{time(d.eventAt)}</td>
            <td className="px-3 py-2 whitespace-nowrap">{time(d.nextAttemptAt)}</td>
            <td className="px-3 py-2 whitespace-nowrap">{time(d.deliveredAt)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
