import type { ReactNode } from "react";
import type { AppRoleView, AuroraView, AuthorityView, LagView, ReadinessProbeView, RoutingControlView } from "@/lib/snapshot";
import { formatClock, formatMs } from "./format";
import { Pill } from "./pill";

/** The value of each region signal, in words. Status, age and source are the SignalCard's job. */

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap items-baseline gap-x-2">
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="font-medium 2xl:text-sm">{children}</dd>
    </div>
  );
}

const yesNo = (v: boolean) => (v ? "yes" : "no");

export function AuthorityBody({ value }: { value: AuthorityView }) {
  return (
    <dl className="flex flex-col gap-1">
      <Row label="Role">
        <Pill tone={value.role === "primary" ? "info" : value.role === "fenced" ? "warn" : "neutral"}>{value.role}</Pill>{" "}
        <span className="tabular-nums">epoch {value.epoch}</span>
      </Row>
      <Row label="Updated">
        {value.updatedAt ? formatClock(value.updatedAt) : "unknown"}
        {value.updatedBy ? ` by ${value.updatedBy}` : ""}
      </Row>
    </dl>
  );
}

export function AuroraBody({ value, regionId }: { value: AuroraView; regionId: string }) {
  const member = value.members.find((m) => m.region === regionId);
  return (
    <dl className="flex flex-col gap-1">
      <Row label="Role">
        <Pill tone={value.role === "writer" ? "info" : value.role === "reader" ? "neutral" : "warn"}>{value.role}</Pill>
      </Row>
      <Row label="Sync status">{member?.synchronizationStatus ?? "n/a"}</Row>
      <Row label="Global cluster">
        {value.globalClusterId} ({value.status})
      </Row>
      <Row label="Failover">
        {value.failover
          ? `${value.failover.status}: ${value.failover.fromRegion ?? "?"} → ${value.failover.toRegion ?? "?"}${value.failover.dataLossAllowed ? " (data loss allowed)" : ""}`
          : "none in progress"}
      </Row>
    </dl>
  );
}

export function LagBody({ value, budgetMs }: { value: LagView; budgetMs: number }) {
  if (value.replicationLagMs === null && value.rpoLagMs === null) {
    return <p className="text-sm">n/a: no replication into this region.</p>;
  }
  const over = (value.replicationLagMs ?? 0) > budgetMs || (value.rpoLagMs ?? 0) > budgetMs;
  return (
    <dl className="flex flex-col gap-1">
      <Row label="Replication lag">{formatMs(value.replicationLagMs)}</Row>
      <Row label="RPO lag">{formatMs(value.rpoLagMs)}</Row>
      <Row label="Budget">
        {formatMs(budgetMs)} {over ? <Pill tone="bad">over budget</Pill> : <Pill tone="good">within budget</Pill>}
      </Row>
    </dl>
  );
}

export function RoutingBody({ value }: { value: RoutingControlView[] }) {
  if (value.length === 0) return <p className="text-sm">No routing controls configured.</p>;
  return (
    <ul className="flex flex-col gap-1">
      {value.map((rc) => (
        <li key={rc.arn} className="flex flex-wrap items-center gap-2">
          <span className="font-medium">{rc.name}</span>
          <Pill tone={rc.state === "On" ? "good" : "neutral"} data-testid="routing-state">
            {rc.state}
          </Pill>
        </li>
      ))}
    </ul>
  );
}

export function AppRoleBody({ value }: { value: AppRoleView }) {
  return <Pill tone={value.role === "active" ? "info" : "neutral"}>{value.role}</Pill>;
}

export function ReadinessBody({ value }: { value: ReadinessProbeView }) {
  return (
    <dl className="flex flex-col gap-1">
      <Row label="Writable">
        <Pill tone={value.writable ? "good" : "neutral"}>{yesNo(value.writable)}</Pill>
      </Row>
      <Row label="Authorised for writes">{yesNo(value.authorisedForWrites)}</Row>
      <Row label="Schema version">{value.schemaVersion ?? "unknown"}</Row>
      <Row label="HTTP status">{value.httpStatus}</Row>
    </dl>
  );
}
