import "server-only";

type Payload = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v));
const stepNo = (p: Payload) => (typeof p.index === "number" ? `Step ${p.index + 1}` : "Step");

/** A continuation request's reasons, in words. */
const whyOf = (why: unknown): string =>
  Array.isArray(why) ? why.map((w: unknown) => (w !== null && typeof w === "object" && "message" in w ? text(w.message) : "")).join("; ") : "";

/** One line for people, per audit action; the full payload stays in the event's `data`. */
export function describeAudit(action: string, p: Payload, actor: string): { title: string; detail: string } {
  switch (action) {
    case "proposal.created":
      return { title: `${actor} proposed ${text(p.runbook)} to ${text(p.targetRegion)}`, detail: text(p.reason) };
    case "proposal.approved":
      return { title: `${actor} approved ${text(p.runbook)} to ${text(p.targetRegion)}`, detail: `re-authenticated by ${text(p.reauthMethod)}` };
    case "proposal.rejected":
      return { title: `${actor} rejected the proposal`, detail: text(p.reason) };
    case "proposal.cancelled":
      return { title: `${actor} cancelled the proposal`, detail: text(p.reason) };
    case "proposal.expired":
      return { title: "Proposal expired unapproved", detail: `expired at ${text(p.expiresAt)}` };
    case "proposal.voided":
      return { title: "Proposal voided", detail: text(p.reason) };
    case "proposal.refused":
    case "approval.refused":
    case "run.control_refused":
      return { title: `${actor}: ${text(p.operation)} refused`, detail: text(p.message) };
    case "run.started":
      return { title: `Run started: ${text(p.runbook)} to ${text(p.targetRegion)} at epoch ${text(p.epoch)}`, detail: `run ${text(p.runId)}` };
    case "run.step_started":
      return { title: `${stepNo(p)} started: ${text(p.title)}`, detail: `attempt ${text(p.attempt)}` };
    case "run.step_succeeded":
      return { title: `${stepNo(p)} succeeded: ${text(p.title)}`, detail: text(p.detail) };
    case "run.step_skipped":
      return { title: `${stepNo(p)} skipped: ${text(p.title)}`, detail: text(p.detail) };
    case "run.step_failed": {
      const retry = typeof p.retryInMs === "number" ? `; retrying in ${p.retryInMs} ms` : "";
      return { title: `${stepNo(p)} failed: ${text(p.title)}`, detail: `attempt ${text(p.attempt)}: ${text(p.error)}${retry}` };
    }
    case "run.paused":
    case "run.resumed":
    case "run.retried":
    case "run.aborted":
      return { title: `${actor} ${action.slice(4)} the run`, detail: text(p.reason) };
    case "run.continuation_requested":
      return { title: `${actor} asked to ${text(p.operation)} the run: a second person must approve`, detail: whyOf(p.why) };
    case "run.continuation_approved":
      return { title: `${actor} approved continuing the run (${text(p.operation)}, asked by ${text(p.requestedByName)})`, detail: `re-authenticated by ${text(p.reauthMethod)}` };
    case "run.continuation_expired":
      return { title: "A request to continue the run expired unapproved", detail: `expired at ${text(p.expiresAt)}` };
    case "run.succeeded":
    case "run.failed":
    case "run.voided": {
      const rpo = typeof p.rpoEstimateMs === "number" ? `RPO estimate ${p.rpoEstimateMs} ms` : "";
      return { title: `Run ${action.slice(4)}: ${text(p.runbook)} to ${text(p.targetRegion)}`, detail: [text(p.reason), rpo].filter(Boolean).join("; ") };
    }
    case "leader.elected": {
      const before = p.previousLeader ? `after leader ${text(p.previousLeader)} ${p.how === "released" ? "handed over" : "was lost"}` : "the first leader";
      return { title: `Replica ${text(p.replica)}${p.region ? ` (${text(p.region)})` : ""} became the leader`, detail: `${before}; fencing token ${text(p.token)}` };
    }
    case "leader.released":
      return { title: `Replica ${text(p.replica)} handed over the lead`, detail: text(p.reason) };
    case "run.taken_over":
      return { title: `Run resumed by replica ${text(p.replica)} after leader ${text(p.previousLeader)} ${p.how === "released" ? "handed over" : "was lost"}`, detail: `fencing token ${text(p.token)}` };
    case "sim.fault_toggled":
      return { title: `${actor} turned drill fault ${text(p.fault)} ${p.active ? "on" : "off"} in ${text(p.region)}`, detail: "" };
    case "incident.declared":
      return p.auto
        ? { title: `Incident opened automatically: ${text(p.title)}`, detail: `severity ${text(p.severity)}; on finding ${text(p.findingId)}` }
        : { title: `${actor} declared the incident: ${text(p.title)}`, detail: `severity ${text(p.severity)}; commander ${text(p.commanderName)}` };
    case "incident.updated":
      return { title: `${actor} updated the incident`, detail: text(p.changes) };
    case "incident.closed":
      return { title: `${actor} closed the incident`, detail: text(p.resolution) };
    default: {
      const detail = text(p);
      return { title: `${actor}: ${action}`, detail: detail.length > 300 ? `${detail.slice(0, 299)}…` : detail };
    }
  }
}
