import { describe, expect, it } from "vitest";
import { actionLabel, formatClockMs, formatTime, genericSummary, shortHash, summarize } from "./format";

const s = (action: string, payload: Record<string, unknown>) => summarize({ action, payload });

describe("summarize: one readable line per record", () => {
  it.each([
    ["auth.login", { provider: "credentials", username: "olivia" }, "Signed in as olivia (credentials)"],
    ["auth.login", { provider: "test-sso" }, "Signed in (test-sso)"],
    ["auth.login_failed", { provider: "credentials", reason: "bad_password" }, "Sign-in refused: bad password (credentials)"],
    ["auth.logout", { provider: "credentials" }, "Signed out (credentials)"],
    [
      "auth.locked_out",
      { account: "local:adam", failures: 5, until: "2026-12-03T07:49:00.000Z", via: "approve" },
      "Locked adam after 5 wrong passwords (approve) until 2026-12-03 07:49:00 UTC",
    ],
    ["auth.sessions_revoked", { userIds: ["u1"], reason: "admin", count: 2 }, "Ended 2 sessions of 1 account(s): admin"],
    ["user.created", { userId: "u1", username: "breakglass1", roles: ["approver"] }, "Created user breakglass1 with roles approver"],
    ["sim.fault_toggled", { region: "us-east-1", fault: "region-outage", active: true }, "Drill fault region-outage turned ON in us-east-1"],
    ["sim.fault_toggled", { region: "us-west-2", fault: "throttling", active: false }, "Drill fault throttling turned off in us-west-2"],
    [
      "proposal.created",
      {
        proposalId: "0b6f2c9a-1111-4222-8333-444455556666",
        runbook: "unplanned-failover",
        targetRegion: "us-west-2",
        sourceRegion: "us-east-1",
        reason: "us-east-1\n  is down",
        dataLossAck: true,
        readinessReady: false,
      },
      "Proposed unplanned failover to us-west-2 from us-east-1 (NOT ready, data loss acknowledged): “us-east-1 is down”",
    ],
    [
      "proposal.approved",
      { proposalId: "0b6f2c9a-1111", runbook: "planned-failover", targetRegion: "us-west-2", reauthMethod: "password" },
      "Approved proposal 0b6f2c9a (planned failover to us-west-2), re-authenticated by password",
    ],
    [
      "approval.refused",
      { operation: "approve", proposalId: "0b6f2c9a-1111", reason: "self-approval", message: "you proposed it" },
      "Refused to approve proposal 0b6f2c9a: self approval (you proposed it)",
    ],
    [
      "proposal.refused",
      { operation: "propose", proposalId: null, reason: "active-proposal", message: "proposal e07f9566 is already pending" },
      "Refused to propose: active proposal (proposal e07f9566 is already pending)",
    ],
    ["proposal.rejected", { proposalId: "0b6f2c9a-1111", reason: "not now" }, "Rejected proposal 0b6f2c9a: “not now”"],
    ["proposal.cancelled", { proposalId: "0b6f2c9a-1111", reason: "e2e cleanup" }, "Withdrew proposal 0b6f2c9a: “e2e cleanup”"],
    [
      "proposal.expired",
      { proposalId: "0b6f2c9a-1111", expiresAt: "2025-10-20T07:15:00.000Z" },
      "Proposal 0b6f2c9a expired unapproved at 2025-10-20 07:15:00 UTC",
    ],
  ])("%s %j", (action, payload, line) => expect(s(action, payload)).toBe(line));

  it("clips long free text to one line", () => {
    const line = s("proposal.rejected", { proposalId: "p", reason: "x".repeat(300) });
    expect(line.length).toBeLessThan(120);
    expect(line.endsWith("…”")).toBe(true);
  });

  it("falls back to key: value when the payload lacks what the sentence needs", () => {
    expect(s("sim.fault_toggled", { region: "us-east-1" })).toBe("region: us-east-1");
    expect(s("user.created", { roles: "not-a-list" })).toBe("roles: not-a-list");
  });

  it("shows an action it has no sentence for as sorted key: value pairs", () => {
    expect(s("run.step_finished", { step: "fence", ok: true, attempt: 2, detail: { a: 1 }, ids: ["a", "b"], none: null })).toBe(
      "attempt: 2, detail: {…}, ids: [a, b], none: null, ok: true, step: fence",
    );
    expect(genericSummary({})).toBe("No details");
    expect(genericSummary({ note: "y".repeat(500) }).length).toBeLessThanOrEqual(140);
  });
});

it("labels known actions and shows unknown ones by name", () => {
  expect(actionLabel("sim.fault_toggled")).toBe("Drill fault toggled");
  expect(actionLabel("run.started")).toBe("run.started");
});

it("formats times in UTC and shortens hashes", () => {
  expect(formatTime("2025-10-20T09:00:05.123+02:00")).toBe("2025-10-20 07:00:05 UTC");
  expect(formatTime("nonsense")).toBe("unknown time");
  expect(formatClockMs(Date.UTC(2025, 9, 20, 7, 0, 5))).toBe("07:00:05 UTC");
  expect(shortHash("a".repeat(64))).toBe(`${"a".repeat(12)}…`);
  expect(shortHash("abc")).toBe("abc");
  expect(shortHash(null)).toBe("no hash");
});
