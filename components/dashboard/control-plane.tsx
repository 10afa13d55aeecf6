"use client";

import type { ControlPlaneStatus, Service } from "@/lib/snapshot";
import { ageAt, formatAge, formatMs } from "./format";
import { Pill, STRIPES, type Tone } from "./pill";
import { useSnapshotTime } from "./snapshot-time";

const SERVICE_LABEL: Record<Service, string> = {
  rds: "RDS",
  cloudwatch: "CloudWatch",
  route53: "Route 53",
  arc: "ARC routing",
  authority: "Authority store",
  appRole: "App role store",
  readiness: "Readiness probe",
};

const STATUS: Record<ControlPlaneStatus["status"], { tone: Tone; word: string }> = {
  ok: { tone: "good", word: "ok" },
  degraded: { tone: "warn", word: "degraded (slow)" },
  impaired: { tone: "bad", word: "impaired" },
  misconfigured: { tone: "warn", word: "not found: check config" },
  unknown: { tone: "none", word: "unknown" },
};

/**
 * Per-service API health in one region. A control-plane outage (APIs failing, data plane fine)
 * must read differently from "region down", so this is shown apart from the data-plane signals.
 */
export function ControlPlane({ regionId, statuses }: { regionId: string; statuses: ControlPlaneStatus[] }) {
  const { generatedAt, heldMs } = useSnapshotTime();
  const impaired = statuses.filter((s) => s.status === "impaired").map((s) => SERVICE_LABEL[s.service]);
  const degraded = statuses.filter((s) => s.status === "degraded").map((s) => SERVICE_LABEL[s.service]);
  const allUnknown = statuses.length > 0 && statuses.every((s) => s.status === "unknown");
  return (
    <div role="group" aria-label={`Control plane ${regionId}`} className="flex flex-col gap-2 rounded-md border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">Control plane</h3>
        {impaired.length > 0 ? (
          <Pill tone="bad" wrap data-testid="control-plane-summary">
            control plane impaired: {impaired.join(", ")}
          </Pill>
        ) : degraded.length > 0 ? (
          <Pill tone="warn" wrap data-testid="control-plane-summary">
            control plane degraded (slow): {degraded.join(", ")}
          </Pill>
        ) : allUnknown ? (
          <Pill tone="none" data-testid="control-plane-summary">control plane unknown</Pill>
        ) : (
          <Pill tone="good" data-testid="control-plane-summary">control plane ok</Pill>
        )}
      </div>
      {statuses.length === 0 ? <p className="text-sm">No API calls recorded yet.</p> : null}
      {/* Every service answering is one line; the list opens by itself when one is not (a wall screen has no room for seven "ok"s). */}
      <details open={statuses.some((s) => s.status !== "ok")} className={statuses.length === 0 ? "hidden" : undefined}>
        <summary className="cursor-pointer text-sm text-slate-700 dark:text-slate-300">API calls per service ({statuses.length})</summary>
        <ul className="flex flex-col divide-y divide-slate-200 text-sm dark:divide-slate-700">
          {statuses.map((s) => (
            <li key={s.service} className={`flex flex-wrap items-center gap-x-3 gap-y-1 py-1 ${s.status === "unknown" ? STRIPES : ""}`}>
              <span className="w-32 font-medium">{SERVICE_LABEL[s.service]}</span>
              <Pill tone={STATUS[s.status].tone} data-testid="service-status" data-service={s.service} data-status={s.status}>
                {STATUS[s.status].word}
              </Pill>
              <span className="tabular-nums">{s.latencyMs === null ? "no latency" : formatMs(s.latencyMs)}</span>
              <span className="tabular-nums text-slate-600 dark:text-slate-300">{formatAge(ageAt(s.at, generatedAt, heldMs))}</span>
              {s.error ? <span className="basis-full text-red-800 dark:text-red-300">Error: {s.error}</span> : null}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
