import type { AuditRecord, AuditVerifyResult } from "@/lib/audit";

const hash = (c: string) => c.repeat(64);

function record(seq: number, action: string, payload: AuditRecord["payload"], extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    seq,
    at: `2025-10-20T07:00:${String(seq).padStart(2, "0")}.000Z`,
    actor: "7d3c5a1e-0000-4000-8000-000000000001",
    actorName: "Ada Admin",
    action,
    ip: null,
    payload,
    prevHash: hash(String((seq - 1) % 10)),
    hash: hash(String(seq % 10)),
    ...extra,
  };
}

/** Newest first, as GET /api/audit returns them. */
export const records: AuditRecord[] = [
  record(4, "sim.fault_toggled", { region: "us-east-1", fault: "region-outage", active: true }),
  record(3, "auth.login_failed", { provider: "credentials", reason: "bad_password" }, { actor: "vera", actorName: "vera", ip: "10.0.0.7" }),
  record(2, "proposal.created", {
    proposalId: "0b6f2c9a-1111-4222-8333-444455556666",
    runbook: "planned-failover",
    targetRegion: "us-west-2",
    sourceRegion: "us-east-1",
    reason: "Rehearse   the\nswitchover",
    dataLossAck: false,
    readinessReady: true,
    contentHash: hash("c"),
  }),
  record(1, "auth.login", { provider: "credentials", username: "ada" }, { prevHash: null, hash: null }),
];

export const intact: AuditVerifyResult = {
  ok: true,
  valid: 57,
  total: 57,
  legacy: 0,
  firstBroken: null,
  headSeq: 57,
  headHash: hash("a"),
  published: null,
};

export const broken: AuditVerifyResult = {
  ok: false,
  valid: 41,
  total: 57,
  legacy: 0,
  firstBroken: { seq: 42, reason: "hash_mismatch", detail: "stored 1111111111…, computed 2222222222…" },
  headSeq: 41,
  headHash: hash("b"),
  published: null,
};
