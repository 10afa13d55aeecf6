import type { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { buttonLabels, renderWithQuery, visibleText } from "@/components/testing";
import { healthy, lagSeries, regionOutage } from "@/components/dashboard/fixtures";
import { DashboardScreen } from "@/components/dashboard/dashboard";
import { ApiError } from "@/lib/api-client";
import { Proposal } from "@/lib/proposals";
import { queryKeys } from "@/lib/query-keys";
import type { Run } from "@/lib/runs";
import type { SessionUser } from "@/lib/session";
import { NOW, approved, pendingPlanned, pendingUnplanned, rejected, users, voided, writerChecklist } from "./fixtures";
import { approveErrorText } from "./decision-controls";
import { activeProposal, lastEnded, lastLagInto, plannedChanges, proposalBody, proposeErrors, remaining } from "./model";
import { ProposeActionsView } from "./propose-actions";
import { ProposeForm } from "./propose-form";
import { PROPOSALS_LIMIT } from "./use-proposals";
import { ProposalsPanelView } from "./proposals-panel";

const render = renderWithQuery;

const text = visibleText;

const buttons = buttonLabels;

const panel = (user: SessionUser | undefined, proposals: Proposal[] | undefined, now: number | null = NOW, seed?: (client: QueryClient) => void) =>
  render(<ProposalsPanelView snapshot={healthy} user={user} proposals={proposals} error={null} now={now} />, seed);

it("the fixtures are proposals as the API returns them", () => {
  for (const p of [pendingPlanned, pendingUnplanned, approved, voided, rejected]) expect(() => Proposal.parse(p)).not.toThrow();
});

describe("model", () => {
  it("finds the active proposal and the last one that ended, newest first", () => {
    expect(activeProposal([approved, voided])?.id).toBe("p-approved");
    expect(activeProposal([voided, rejected])).toBeNull();
    expect(lastEnded([pendingPlanned, voided, rejected])?.id).toBe("p-voided");
  });

  it("says what will change before → after, at one epoch above the highest seen", () => {
    const rows = plannedChanges(pendingPlanned, healthy).map((c) => `${c.what} ${c.region}: ${c.before} → ${c.after}`);
    expect(rows).toEqual([
      "Authority flag us-east-1: primary@7 → fenced@8",
      "Authority flag us-west-2: standby@7 → primary@8",
      "App role us-east-1: active → passive",
      "App role us-west-2: passive → active",
      "Routing us-west-2: Off → On",
      "Routing us-east-1: On → Off",
      "Database writer us-east-1 → us-west-2: us-east-1 → us-west-2",
    ]);
    // A dark source reads unknown before, and is still fenced at the new epoch.
    expect(plannedChanges(pendingUnplanned, regionOutage)[0]).toMatchObject({ before: "unknown", after: "fenced@8" });
  });

  it("an unplanned failover needs the acknowledgement, and every proposal a reason of 10 characters", () => {
    expect(proposeErrors({ runbook: "unplanned-failover", reason: "us-east-1 is down", acknowledged: false })).toEqual({
      ack: "Tick the acknowledgement: an unplanned failover loses the writes not yet replicated.",
    });
    expect(proposeErrors({ runbook: "unplanned-failover", reason: "us-east-1 is down", acknowledged: true })).toEqual({});
    expect(proposeErrors({ runbook: "planned-failover", reason: "  too short ", acknowledged: false })).toEqual({ reason: "Say why in at least 10 characters." });
  });

  it("the proposal sent carries the acknowledgement only: the lag figure is the server's to record", () => {
    expect(proposalBody({ runbook: "unplanned-failover", targetRegion: "us-west-2", reason: " us-east-1 is down ", acknowledged: true })).toEqual({
      runbook: "unplanned-failover",
      targetRegion: "us-west-2",
      reason: "us-east-1 is down",
      dataLossAck: { acknowledged: true },
    });
    expect(proposalBody({ runbook: "planned-failover", targetRegion: "us-west-2", reason: "quarterly drill", acknowledged: false })).toEqual({ runbook: "planned-failover", targetRegion: "us-west-2", reason: "quarterly drill" });
  });

  it("reads the last lag into the target, and the time left", () => {
    expect(lastLagInto(healthy, "us-west-2")).toEqual({ lagMs: 310, observedAt: healthy.regions[1].lag.observedAt });
    expect(lastLagInto(healthy, "us-east-1")).toBeNull();
    expect(remaining(pendingPlanned.expiresAt, NOW)).toEqual({ ms: 870_000, expired: false });
    expect(remaining(pendingPlanned.expiresAt, NOW + 3_600_000)?.expired).toBe(true);
    expect(remaining(pendingPlanned.expiresAt, null)).toBeNull();
  });
});

describe("a pending proposal", () => {
  it("an approver who did not propose it sees what it is, its evidence, before → after, and the password field", () => {
    const html = panel(users.adam, [pendingPlanned]);
    const words = text(html);
    expect(html).toContain('aria-label="Approvals"');
    expect(html).toContain('data-status="pending"');
    expect(words).toContain("Planned switchover: us-east-1 → us-west-2");
    expect(words).toContain("Source us-east-1 Target us-west-2");
    expect(words).toContain("Proposed by Olivia Operator at 06:59:30 UTC");
    expect(words).toContain("Reason Rehearse the quarterly switchover");
    expect(words).toContain("Expires in 14 min 30 s (at 07:14:30 UTC)");
    // The stored readiness evidence, each check with its status in words.
    expect(words).toContain("Readiness evidence when proposed ✓ ready");
    expect(words).toContain("pass us-east-1 reachable all us-east-1 APIs answered");
    // What will change.
    expect(words).toContain("What will change");
    expect(words).toContain("Authority flag us-east-1 primary@7 → fenced@8");
    expect(words).toContain("Authority flag us-west-2 standby@7 → primary@8");
    expect(words).toContain("Routing us-west-2 Off → On");
    expect(words).toContain("Routing us-east-1 On → Off");
    expect(words).toContain("Database writer us-east-1 → us-west-2 us-east-1 → us-west-2");
    // Approve with a password, bound to the hash on screen; or reject with a reason.
    expect(words).toContain("Your password (re-authentication)");
    expect(html).toMatch(/<input[^>]*type="password"[^>]*autoComplete="current-password"|<input[^>]*type="password"/);
    expect(words).toContain("content hash ab12cd34ef56…");
    expect(buttons(html)).toEqual(["Approve", "Reject"]);
    expect(words).toContain("Reason for rejecting");
    expect(html).not.toContain('data-testid="cannot-approve"');
    expect(words).not.toContain("Cancel proposal");
  });

  it("the proposer sees why they cannot approve, no approve button and no password field, and can cancel", () => {
    const html = panel(users.olivia, [pendingPlanned]);
    expect(text(html)).toContain("You proposed this; a different person must approve it.");
    expect(buttons(html)).toEqual(["Cancel proposal"]);
    expect(html).not.toContain('type="password"');
    expect(text(html)).toContain("Reason for cancelling");
    // The proposer still sees everything the approver will see.
    expect(text(html)).toContain("Authority flag us-west-2 standby@7 → primary@8");
  });

  it("an admin who proposed is held to the two-person rule too, whatever their roles", () => {
    const html = panel(users.ada, [{ ...pendingPlanned, proposer: { id: users.ada.id, name: users.ada.name } }]);
    expect(text(html)).toContain("You proposed this; a different person must approve it.");
    expect(buttons(html)).toEqual(["Cancel proposal"]);
  });

  it("a user without the approver role is told so, and has no controls", () => {
    const html = panel(users.vera, [pendingPlanned]);
    expect(text(html)).toContain("Approving needs the approver role.");
    expect(buttons(html)).toEqual([]);
  });

  it("a single-sign-on approver re-authenticates at the identity provider, not with a password", () => {
    const html = panel(users.sso, [pendingPlanned]);
    expect(html).not.toContain('type="password"');
    expect(text(html)).toContain("under 5 minutes old");
    expect(buttons(html)).toEqual(["Sign in again to approve", "Approve", "Reject"]);
  });

  it("an unplanned failover shows the data-loss acknowledgement with the last lag seen", () => {
    const html = panel(users.adam, [pendingUnplanned]);
    expect(html).toContain('data-testid="data-loss-ack"');
    // The figure is the console's own (its monitor's, recorded at proposal), with its age then.
    expect(text(html)).toContain(
      "Data loss acknowledged by Olivia Operator: writes to us-east-1 not yet replicated to us-west-2 are lost. Last lag seen: 1.2 s, by the console's monitor (CloudWatch datapoint 40 s old when proposed).",
    );
    // A proposal stored before the console recorded its own figure says whose figure it shows.
    const legacy = { ...pendingUnplanned, dataLossAck: { acknowledged: true as const, lastLagMs: 1_234 } };
    expect(text(panel(users.adam, [legacy]))).toContain("Last lag seen: 1.2 s, as the proposer's browser reported it (recorded before the console stored its own figure).");
    expect(text(html)).toContain("Fencing the impaired source is best effort");
    expect(panel(users.adam, [pendingPlanned])).not.toContain('data-testid="data-loss-ack"');
  });

  it("the approval card says whether the data-loss estimate can still grow: the old writer may still accept writes (issue 15 §3)", () => {
    const card = (snapshot: typeof healthy) => text(render(<ProposalsPanelView snapshot={snapshot} user={users.adam} proposals={[pendingUnplanned]} error={null} now={NOW} />));
    // us-east-1 dark: its readiness cannot be read, so nobody can say it stopped taking writes.
    expect(card(regionOutage)).toContain("The loss may still grow: us-east-1's readiness cannot be read, so it may still accept writes from clients inside the region until it is fenced.");
    // us-east-1 answers and still accepts writes.
    expect(card(healthy)).toContain("The loss can still grow: us-east-1 still accepts writes (its readiness endpoint says writable and authorised) until it is fenced.");
    const fencedEast = structuredClone(healthy);
    const eastReadiness = fencedEast.regions[0].readiness;
    if (eastReadiness.status !== "ok") throw new Error("the fixture's us-east-1 readiness is fresh");
    Object.assign(eastReadiness.value, { writable: false, authorisedForWrites: false });
    expect(card(fencedEast)).toContain("The loss cannot grow: us-east-1 does not accept writes now (its readiness endpoint says not writable, not authorised).");
  });

  it("before the browser knows the time it shows the expiry time; past it, that it expired", () => {
    expect(text(panel(users.adam, [pendingPlanned], null))).toContain("Expires at 07:14:30 UTC");
    expect(text(panel(users.adam, [pendingPlanned], NOW + 3_600_000))).toContain("Expired at 07:14:30 UTC: propose again");
  });
});

const run: Run = {
  id: "run-1",
  proposalId: "p-approved",
  runbook: "planned-failover",
  sourceRegion: "us-east-1",
  targetRegion: "us-west-2",
  epoch: 8,
  continuation: null,
  status: "running",
  createdAt: "2025-10-20T06:59:50.000Z",
  finishedAt: null,
  statusReason: null,
  rpoEstimateMs: null,
  steps: [
    { index: 0, id: "preflight", kind: "preflight", title: "Preflight", region: "us-west-2", bestEffort: false, status: "succeeded", attempts: 1, maxAttempts: 3, timeoutMs: 30_000, startedAt: "2025-10-20T06:59:50.000Z", finishedAt: "2025-10-20T06:59:51.000Z", detail: null, error: null },
    { index: 1, id: "fence-source-authority", kind: "write-authority", title: "Fence us-east-1: authority flag → fenced", region: "us-east-1", bestEffort: false, status: "running", attempts: 1, maxAttempts: 3, timeoutMs: 30_000, startedAt: "2025-10-20T06:59:51.000Z", finishedAt: null, detail: null, error: null },
  ],
};

describe("after the decision", () => {
  it("an approved proposal shows who approved it and its run's progress, with a link to the run view", () => {
    const html = panel(users.olivia, [approved], NOW, (c) => c.setQueryData(queryKeys.run("run-1"), run));
    const words = text(html);
    expect(html).toContain('data-status="approved"');
    expect(words).toContain("approved by Adam Approver at 06:59:50 UTC");
    expect(words).toContain("Run ● running 1 of 2 steps done; now: Fence us-east-1: authority flag → fenced");
    expect(html).toContain('href="/runs/run-1"');
    expect(words).toContain("View run");
    expect(html).not.toContain('type="password"');
  });

  it("the last proposal's outcome and reason are shown when none is active", () => {
    const words = text(panel(users.adam, [voided, rejected]));
    expect(words).toContain("No proposal is awaiting approval.");
    expect(words).toContain("Last proposal: Planned switchover us-east-1 → us-west-2 ✗ voided");
    expect(words).toContain("Voided: preconditions no longer hold: us-west-2 is not already the writer (us-west-2 is the Aurora writer).");
    expect(text(panel(users.adam, [rejected]))).toContain("Rejected: Not during the release freeze");
  });

  it("says it is loading, not that nothing is pending, before the first answer", () => {
    expect(text(panel(users.adam, undefined))).toContain("Loading proposals…");
  });
});

describe("proposing from a readiness checklist", () => {
  const [planned, unplanned] = healthy.readiness as [NonNullable<(typeof healthy.readiness)[0]>, NonNullable<(typeof healthy.readiness)[1]>];
  const actions = (checklist: typeof planned, user: SessionUser, proposals: Proposal[] | "loading" = []) =>
    render(<ProposeActionsView checklist={checklist} snapshot={healthy} user={user} proposals={proposals === "loading" ? undefined : proposals} />);

  it("an operator may propose a planned failover or a failback from the planned checklist, and an unplanned failover from the other", () => {
    expect(buttons(actions(planned, users.olivia))).toEqual(["Propose planned switchover to us-west-2", "Propose failback to us-west-2"]);
    expect(text(actions(planned, users.olivia))).toContain("Failback is for after an unplanned failover away from us-west-2");
    expect(buttons(actions(unplanned, users.olivia))).toEqual(["Propose emergency failover to us-west-2"]);
    expect(actions(planned, users.olivia)).not.toContain(`disabled=""`);
  });

  it("is disabled, saying why, while another proposal or run is active", () => {
    const pending = actions(planned, users.olivia, [pendingPlanned]);
    expect(pending.match(/<button[^>]*disabled=""/g)).toHaveLength(2);
    expect(text(pending)).toContain("Another proposal is awaiting approval (Planned switchover to us-west-2): one proposal or run at a time.");
    expect(text(actions(unplanned, users.olivia, [approved]))).toContain("A run is under way (Planned switchover to us-west-2)");
    expect(actions(unplanned, users.olivia, "loading")).toContain(`disabled=""`);
    expect(text(actions(unplanned, users.olivia, "loading"))).toContain("Checking for an active proposal…");
  });

  it("offers nothing to viewers, nor for a target that already writes", () => {
    expect(text(actions(planned, users.vera))).toBe("Proposing needs the operator role.");
    expect(buttons(actions(writerChecklist, users.olivia))).toEqual([]);
    expect(text(actions(writerChecklist, users.olivia))).toBe("us-east-1 already owns writes: nothing to propose.");
  });

  const form = (checklist: typeof planned, runbook: "planned-failover" | "unplanned-failover" | "failback", snapshot = healthy) =>
    render(<ProposeForm runbook={runbook} checklist={checklist} snapshot={snapshot} onClose={() => undefined} onProposed={() => undefined} />);

  it("an unplanned failover asks for the data-loss acknowledgement, showing the last lag seen into the target", () => {
    const html = form(unplanned, "unplanned-failover");
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*required=""/);
    expect(text(html)).toContain("Expected data loss I acknowledge that writes to us-east-1 not yet replicated to us-west-2 will be lost: last lag seen 310 ms (observed 06:59:59 UTC).");
    expect(text(html)).toContain("The console records its monitor's last lag with the proposal when you submit; that is the figure the approver sees.");
    expect(text(html)).toContain("Reason (at least 10 characters)");
    expect(buttons(html)).toEqual(["Submit proposal", "Close"]);
    // Without a lag reading there is nothing to acknowledge yet.
    const noLag = { ...healthy, regions: [healthy.regions[0], { ...healthy.regions[1], lag: { ...healthy.regions[1].lag, status: "unknown" as const, value: null, error: null } }] as typeof healthy.regions };
    expect(form(unplanned, "unplanned-failover", noLag)).toMatch(/<input[^>]*type="checkbox"[^>]*disabled=""/);
    // A planned failover loses nothing: no acknowledgement.
    expect(form(planned, "planned-failover")).not.toContain('type="checkbox"');
  });

  it("a not-ready checklist may still be proposed, with a clear warning", () => {
    const notReady = { ...planned, ready: false, checks: planned.checks.map((c, i) => (i === 1 ? { ...c, status: "fail" as const } : c)) };
    const html = form(notReady, "planned-failover");
    expect(html).toContain('data-testid="not-ready-warning"');
    expect(text(html)).toContain("! Not ready: 1 of 4 checks are not passing. Replication lag under budget (fail).");
    expect(text(html)).toContain("You may still propose.");
    expect(buttons(html)).toContain("Submit proposal");
    expect(form(planned, "planned-failover")).not.toContain("not-ready-warning");
  });

  it("explains what failback does", () => {
    expect(text(form(planned, "failback"))).toContain("re-protects it (replication into us-west-2 connected and within budget), then switches over to us-west-2 with zero data loss");
  });
});

describe("on the dashboard", () => {
  const dashboard = (user: SessionUser) =>
    render(<DashboardScreen initialSnapshot={healthy} canDrill={false} range="15m" onRangeChange={() => undefined} />, (c) => {
      c.setQueryData(queryKeys.lag("15m"), lagSeries);
      c.setQueryData(queryKeys.me(), user);
      c.setQueryData(queryKeys.proposalList(PROPOSALS_LIMIT), [pendingPlanned]);
    });

  it("the approvals panel sits right under the verdict, above the regions", () => {
    const html = dashboard(users.adam);
    const verdict = html.indexOf('aria-label="Verdict"');
    const approvals = html.indexOf('aria-label="Approvals"');
    expect(verdict).toBeGreaterThan(-1);
    expect(approvals).toBeGreaterThan(verdict);
    expect(approvals).toBeLessThan(html.indexOf('aria-label="Region us-east-1"'));
    expect(text(html)).toContain("Authority flag us-west-2 standby@7 → primary@8");
  });

  it("the Decide panel comes right after the verdict with one button per action, no two alike; the checklists below carry none", () => {
    const html = dashboard(users.olivia);
    const decide = html.indexOf('aria-label="Decide"');
    expect(decide).toBeGreaterThan(html.indexOf('aria-label="Verdict"'));
    expect(decide).toBeLessThan(html.indexOf('aria-label="Approvals"'));
    const panel = html.slice(decide, html.indexOf("</section>", decide));
    expect(buttons(panel)).toEqual(["Propose planned switchover to us-west-2", "Propose emergency failover to us-west-2"]);
    expect(text(panel)).toContain("Planned switchover to us-west-2 — no data loss");
    expect(text(panel)).toContain("Emergency failover to us-west-2 — loses ≈ 310 ms of writes");
    expect(text(panel)).toContain("Not offered: us-west-2 has never held writes");
    expect(text(panel)).toContain("Another proposal is awaiting approval");
    expect(panel.match(/<button[^>]*disabled=""/g)).toHaveLength(2);
    const all = buttons(html);
    expect(new Set(all).size).toBe(all.length);
    expect(buttons(html.slice(html.indexOf('aria-label="Promotion readiness"')))).toEqual([]);
  });

  it("a viewer sees the same lines, why and why not, without buttons", () => {
    const html = dashboard(users.vera);
    const decide = html.slice(html.indexOf('aria-label="Decide"'));
    expect(text(decide)).toContain("Proposing needs the operator role");
    expect(text(decide)).toContain("Planned switchover to us-west-2 — no data loss");
    expect(buttons(decide.slice(0, decide.indexOf("</section>")))).toEqual([]);
  });
});

describe("approving while the account is locked", () => {
  it("says the approve button is locked for this account, with the server's time, and that another approver can approve", () => {
    const locked = new ApiError(429, "rate_limited", "too many wrong passwords for your account: it is locked until 07:49:00 UTC (try again in 60 s)", "locked-out");
    expect(approveErrorText(locked)).toBe(
      "Approving is locked: too many wrong passwords for your account: it is locked until 07:49:00 UTC (try again in 60 s). Another approver can still approve.",
    );
    expect(approveErrorText(new ApiError(403, "forbidden", "the password did not match; approval needs it re-entered"))).toBe(
      "the password did not match; approval needs it re-entered",
    );
  });
});
