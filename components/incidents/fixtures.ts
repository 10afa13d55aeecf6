import type { Incident, RecoveryFigures, TimelineEvent, TimelinePage } from "@/lib/incidents";

/** Incidents, figures and events for component tests: a us-east-1 outage failed over to us-west-2. */
export const T0 = Date.parse("2026-03-01T12:00:00.000Z");
export const at = (ms: number) => new Date(T0 + ms).toISOString();

export const openIncident: Incident = {
  id: "9a1b2c3d-0000-4000-8000-000000000001",
  title: "us-east-1 region outage",
  severity: "sev1",
  commander: { id: "local:olivia", name: "Olivia Operator" },
  status: "open",
  startedAt: at(0),
  endedAt: null,
  declaredBy: { id: "local:olivia", name: "Olivia Operator" },
  auto: false,
  trigger: null,
  resolution: null,
};

export const autoIncident: Incident = {
  ...openIncident,
  id: "9a1b2c3d-0000-4000-8000-000000000002",
  title: "Region us-east-1 is down",
  severity: "sev2",
  commander: { id: "system", name: "system" },
  declaredBy: { id: "system", name: "system" },
  auto: true,
  trigger: { findingId: "region-unreachable:us-east-1", kind: "region-unreachable", region: "us-east-1", title: "Region us-east-1 is down" },
};

export const closedIncident: Incident = { ...openIncident, status: "closed", endedAt: at(3_723_000), resolution: "Failed back to us-east-1." };

export const events: TimelineEvent[] = [
  { at: at(-90_000), kind: "signal", type: "health", region: "us-east-1", severity: "warning", title: "Health check api us-east-1: healthy → unhealthy", detail: "", actor: null, source: { table: "observations", id: "11" }, data: {} },
  { at: at(-60_000), kind: "finding", type: "finding", region: "us-east-1", severity: "critical", title: "Finding raised: Region us-east-1 is down", detail: "", actor: null, source: { table: "observations", id: "12" }, data: {} },
  { at: at(60_000), kind: "audit", type: "proposal.created", region: "us-west-2", severity: "info", title: "Proposed unplanned failover to us-west-2", detail: "reason: us-east-1 dark", actor: { id: "local:olivia", name: "Olivia Operator" }, source: { table: "audit", id: "40" }, data: {} },
  { at: at(61_500), kind: "note", type: "note", region: null, severity: null, title: "Note by Olivia Operator", detail: "Customers report 5xx <b>everywhere</b>", actor: { id: "local:olivia", name: "Olivia Operator" }, source: { table: "incident_notes", id: "7" }, data: {} },
];

export const page = (list: TimelineEvent[], more = false): TimelinePage => ({
  events: list,
  nextCursor: list.length ? `${Date.parse(list.at(-1)?.at ?? at(0))}.1.${list.at(-1)?.source.id ?? "0"}` : null,
  more,
  window: { from: at(-900_000), to: at(120_000) },
});

const moment = (label: string, ms: number | null, refs: RecoveryFigures["firstImpact"]["refs"], explanation: string) => ({ kind: "moment" as const, label, at: ms === null ? null : at(ms), refs, explanation });
const span = (label: string, ms: number | null, refs: RecoveryFigures["timeToDetect"]["refs"], explanation: string) => ({ kind: "duration" as const, label, ms, endsAt: null, refs, explanation });

export const figures: RecoveryFigures = {
  firstImpact: moment("First impact signal", -90_000, [{ table: "observations", id: "11", at: at(-90_000) }], "the first signal turning bad"),
  detected: moment("Detected", -60_000, [{ table: "observations", id: "12", at: at(-60_000) }], "first critical finding raised"),
  timeToDetect: span("Time to detect", 30_000, [], "first impact → detected"),
  timeToDecide: span("Time to decide", 60_000, [{ table: "audit", id: "40", at: at(60_000) }], "proposal → approval"),
  timeToRecover: span("Time to recover (RTO)", 210_000, [], "first impact → traffic On in us-west-2 and healthy"),
  dataLoss: span("Data-loss window (RPO)", 850, [], "the unplanned run's estimate"),
  dnsWindow: span("DNS window", 60_000, [], "TTL 60 s from the routing change"),
  timeToFailback: span("Time to failback", null, [], "no failback run succeeded in the window"),
};
