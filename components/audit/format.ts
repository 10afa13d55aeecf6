import type { AuditBreakReason, AuditRecord } from "@/lib/audit";
import type { AuditAction } from "@/server/audit";

/**
 * Readable names for the actions the console writes. `satisfies` catches a renamed or removed
 * action at compile time; an action added on the server without a label here still shows, by its
 * own name.
 */
export const ACTION_LABELS = {
  "auth.login": "Sign-in",
  "auth.login_failed": "Failed sign-in",
  "auth.logout": "Sign-out",
  "auth.locked_out": "Account locked",
  "auth.sessions_revoked": "Sessions ended",
  "user.created": "User created",
  "sim.fault_toggled": "Drill fault toggled",
  "proposal.created": "Proposal created",
  "proposal.refused": "Proposal refused",
  "proposal.approved": "Proposal approved",
  "approval.refused": "Approval refused",
  "proposal.rejected": "Proposal rejected",
  "proposal.cancelled": "Proposal withdrawn",
  "proposal.expired": "Proposal expired",
  "leader.elected": "Leader elected",
  "leader.released": "Leader handed over",
  "run.taken_over": "Run taken over",
} as const satisfies Partial<Record<AuditAction, string>>;

export const KNOWN_ACTIONS: readonly string[] = Object.keys(ACTION_LABELS);

export function actionLabel(action: string): string {
  return (ACTION_LABELS as Record<string, string | undefined>)[action] ?? action;
}

/** How each way of breaking the chain reads to an operator (server/audit/README.md defines them). */
export const BREAK_REASONS: Record<AuditBreakReason, { name: string; meaning: string }> = {
  hash_mismatch: { name: "hash mismatch", meaning: "the record was changed after it was written" },
  missing_sequence: { name: "missing sequence", meaning: "records were deleted" },
  prev_hash_mismatch: { name: "broken link", meaning: "it does not link to the record before it (forged or inserted)" },
  reordered: { name: "reordered", meaning: "records were moved, or time goes backwards" },
  missing_hash: { name: "missing hash", meaning: "its hash was removed, so it is not protected by the chain" },
  cut: { name: "cut", meaning: "records were removed from the end since a head was published" },
  head_signature: { name: "head signature", meaning: "the published head was not signed with the console's key" },
};

/** `2025-10-20 07:00:05 UTC`: operators compare these with logs from other systems, so always UTC. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "unknown time";
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/** `07:00:05 UTC` for a browser timestamp (ms). */
export function formatClockMs(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

export function shortHash(hash: string | null, length = 12): string {
  if (hash === null) return "no hash";
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

type Payload = AuditRecord["payload"];

const str = (p: Payload, key: string): string | undefined => {
  const v = p[key];
  return typeof v === "string" && v !== "" ? v : undefined;
};
const bool = (p: Payload, key: string): boolean | undefined => {
  const v = p[key];
  return typeof v === "boolean" ? v : undefined;
};
const strings = (p: Payload, key: string): string[] | undefined => {
  const v = p[key];
  return Array.isArray(v) && v.every((x): x is string => typeof x === "string") ? v : undefined;
};

function clip(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const quoted = (text: string | undefined) => (text ? `: “${clip(text)}”` : "");
const words = (slug: string) => slug.replace(/[-_]/g, " ");
/** Proposal ids are UUIDs; the first block is enough to tell them apart on one screen. */
const proposal = (p: Payload) => {
  const id = str(p, "proposalId");
  return id ? `proposal ${id.slice(0, 8)}` : "a proposal";
};
const via = (p: Payload) => {
  const provider = str(p, "provider");
  return provider ? ` (${provider})` : "";
};

function refused(p: Payload): string | null {
  const operation = str(p, "operation");
  const reason = str(p, "reason");
  if (!operation || !reason) return null;
  const message = str(p, "message");
  // A refused proposal has no id yet; a refused decision names the proposal it was about.
  const about = str(p, "proposalId") ? ` ${proposal(p)}` : "";
  return `Refused to ${operation}${about}: ${words(reason)}${message ? ` (${clip(message, 60)})` : ""}`;
}

/** One sentence per known action; null when the payload lacks what the sentence needs. */
const SUMMARIES: Record<string, (p: Payload) => string | null> = {
  "auth.login": (p) => `Signed in${str(p, "username") ? ` as ${str(p, "username")}` : ""}${via(p)}`,
  "auth.login_failed": (p) => `Sign-in refused: ${words(str(p, "reason") ?? "unknown reason")}${via(p)}`,
  "auth.logout": (p) => `Signed out${via(p)}`,
  "auth.locked_out": (p) => {
    const account = str(p, "account");
    const until = str(p, "until");
    const failures = p["failures"];
    if (!account || !until || typeof failures !== "number") return null;
    return `Locked ${account.replace(/^local:/, "")} after ${failures} wrong passwords (${str(p, "via") ?? "sign-in"}) until ${formatTime(until)}`;
  },
  "auth.sessions_revoked": (p) => {
    const count = p["count"];
    if (typeof count !== "number") return null;
    return `Ended ${count} session${count === 1 ? "" : "s"} of ${strings(p, "userIds")?.length ?? 0} account(s): ${words(str(p, "reason") ?? "unknown reason")}`;
  },
  "user.created": (p) => {
    const username = str(p, "username");
    if (!username) return null;
    const roles = strings(p, "roles");
    return `Created user ${username}${roles ? ` with roles ${roles.join(", ") || "none"}` : ""}`;
  },
  "sim.fault_toggled": (p) => {
    const fault = str(p, "fault");
    const region = str(p, "region");
    const active = bool(p, "active");
    if (!fault || !region || active === undefined) return null;
    return `Drill fault ${fault} turned ${active ? "ON" : "off"} in ${region}`;
  },
  "proposal.created": (p) => {
    const runbook = str(p, "runbook");
    const target = str(p, "targetRegion");
    if (!runbook || !target) return null;
    const source = str(p, "sourceRegion");
    const ready = bool(p, "readinessReady");
    const notes = [ready === undefined ? null : ready ? "ready" : "NOT ready", bool(p, "dataLossAck") ? "data loss acknowledged" : null].filter(Boolean);
    return `Proposed ${words(runbook)} to ${target}${source ? ` from ${source}` : ""}${notes.length ? ` (${notes.join(", ")})` : ""}${quoted(str(p, "reason"))}`;
  },
  "proposal.refused": refused,
  "approval.refused": refused,
  "proposal.approved": (p) => {
    const runbook = str(p, "runbook");
    const target = str(p, "targetRegion");
    const method = str(p, "reauthMethod");
    return `Approved ${proposal(p)}${runbook && target ? ` (${words(runbook)} to ${target})` : ""}${method ? `, re-authenticated by ${words(method)}` : ""}`;
  },
  "proposal.rejected": (p) => `Rejected ${proposal(p)}${quoted(str(p, "reason"))}`,
  "proposal.cancelled": (p) => `Withdrew ${proposal(p)}${quoted(str(p, "reason"))}`,
  "proposal.expired": (p) => {
    const at = str(p, "expiresAt");
    return `${capitalize(proposal(p))} expired unapproved${at ? ` at ${formatTime(at)}` : ""}`;
  },
};

function scalar(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return clip(value, 40);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.every((v) => typeof v !== "object" || v === null) ? `[${value.map(scalar).join(", ")}]` : "[…]";
  return "{…}";
}

/** `key: value, key: value` for an action this screen has no sentence for. */
export function genericSummary(payload: Payload): string {
  const keys = Object.keys(payload).sort();
  if (keys.length === 0) return "No details";
  return clip(keys.map((k) => `${k}: ${scalar(payload[k])}`).join(", "), 140);
}

/** A readable one-line summary of a record's payload; the full payload stays one click away. */
export function summarize(record: Pick<AuditRecord, "action" | "payload">): string {
  const sentence = SUMMARIES[record.action];
  return (sentence ? sentence(record.payload) : null) ?? genericSummary(record.payload);
}
