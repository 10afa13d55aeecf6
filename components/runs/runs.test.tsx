import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { buttonLabels, renderWithQuery, visibleText } from "@/components/testing";
import { users } from "@/components/proposals/fixtures";
import { Run, type RunStatus, type RunStep } from "@/lib/runs";
import type { SessionUser } from "@/lib/session";
import { currentStep, doneCount, elapsedMs, retryableStep } from "./format";
import { RunControls, controlsFor } from "./run-controls";
import { RunHeader } from "./run-header";
import { RunList } from "./run-list";
import { RunScreen } from "./run-screen";
import { RunSteps } from "./run-steps";

const render = (node: ReactNode) => renderWithQuery(node);

const text = visibleText;

const buttons = buttonLabels;

const T = (s: number) => new Date(Date.UTC(2025, 9, 20, 7, 0, s)).toISOString();

const step = (index: number, over: Partial<RunStep>): RunStep => ({
  index,
  id: `step-${index}`,
  kind: "write-authority",
  title: `Step ${index + 1}`,
  region: "us-east-1",
  bestEffort: false,
  status: "pending",
  attempts: 0,
  maxAttempts: 3,
  timeoutMs: 30_000,
  startedAt: null,
  finishedAt: null,
  detail: null,
  error: null,
  ...over,
});

/** An unplanned failover part-way: preflight done, the best-effort fence gave up, the failover call running. */
const unplanned: Run = {
  id: "run-7",
  proposalId: "p-7",
  runbook: "unplanned-failover",
  sourceRegion: "us-east-1",
  targetRegion: "us-west-2",
  epoch: 4,
  status: "running",
  createdAt: T(0),
  finishedAt: null,
  statusReason: null,
  rpoEstimateMs: 1_234,
  continuation: null,
  steps: [
    step(0, { id: "preflight", kind: "preflight", title: "Preflight: us-west-2 reachable and healthy", region: "us-west-2", status: "succeeded", attempts: 1, startedAt: T(0), finishedAt: T(2), detail: "us-west-2 ready" }),
    step(1, {
      id: "fence-source-authority",
      title: "Fence us-east-1 (best effort): authority flag → fenced",
      bestEffort: true,
      maxAttempts: 2,
      status: "failed",
      attempts: 2,
      startedAt: T(2),
      finishedAt: T(13),
      detail: "best effort: gave up after 2 attempts; the run goes on",
      error: "timeout after 5000 ms",
    }),
    step(2, { id: "failover", kind: "failover", title: "Promote us-west-2 (FailoverGlobalCluster with AllowDataLoss)", region: "us-west-2", status: "running", attempts: 1, startedAt: T(13), detail: "FailoverState failing-over" }),
    step(3, { id: "wait-writer", kind: "wait-writer", title: "Wait until us-west-2 is the Aurora writer", region: "us-west-2" }),
  ],
};

const withStatus = (status: RunStatus, over: Partial<Run> = {}): Run => ({ ...unplanned, status, ...over });
const failedRun = withStatus("failed", {
  statusReason: "step 3 (Promote us-west-2) failed after 3 attempts",
  steps: unplanned.steps.map((s) => (s.index === 2 ? { ...s, status: "failed" as const, attempts: 3, finishedAt: T(40), error: "InvalidGlobalClusterStateFault: busy" } : s)),
});
const controls = (run: Run, user: SessionUser = users.olivia) => render(<RunControls run={run} user={user} />);

it("the fixtures are runs as the API returns them", () => {
  for (const r of [unplanned, failedRun]) expect(() => Run.parse(r)).not.toThrow();
});

describe("run controls", () => {
  it("are chosen by status, as the server allows them", () => {
    expect(controlsFor(withStatus("running"))).toEqual(["pause", "abort"]);
    expect(controlsFor(withStatus("paused"))).toEqual(["resume", "abort"]);
    expect(controlsFor(failedRun)).toEqual(["retry", "abort"]);
    for (const s of ["succeeded", "aborted", "voided"] as const) expect(controlsFor(withStatus(s))).toEqual([]);
  });

  it("running: Pause and Abort; paused: Resume and Abort; failed: Retry failed step and Abort", () => {
    expect(buttons(controls(withStatus("running")))).toEqual(["Pause", "Abort…"]);
    expect(buttons(controls(withStatus("paused")))).toEqual(["Resume", "Abort…"]);
    const failed = controls(failedRun, users.adam);
    expect(buttons(failed)).toEqual(["Retry failed step", "Abort…"]);
    expect(text(failed)).toContain("Retry runs step 3 (Promote us-west-2 (FailoverGlobalCluster with AllowDataLoss)) again");
  });

  it("an ended run offers nothing", () => {
    for (const s of ["succeeded", "aborted", "voided"] as const) {
      const html = controls(withStatus(s));
      expect(buttons(html)).toEqual([]);
      expect(text(html)).toContain("The run has ended: there is nothing to control.");
    }
  });

  it("a viewer is told which roles may control a run", () => {
    const html = controls(withStatus("running"), users.vera);
    expect(buttons(html)).toEqual([]);
    expect(text(html)).toContain("Controlling a run needs the operator or approver role.");
  });
});

describe("a continuation request (a stopped run that needs fresh eyes)", () => {
  const held: Run = {
    ...failedRun,
    continuation: {
      id: "c-1",
      action: "retry",
      status: "pending",
      requestedBy: { id: users.olivia.id, name: users.olivia.name },
      requestedAt: T(40),
      expiresAt: T(940),
      why: [{ code: "approval-stale", message: "the approval is 42 min old, over the 15 min proposal TTL" }],
      evidence: null,
      decidedBy: null,
      decidedAt: null,
    },
  };

  it("the fixture is a run as the API returns it", () => {
    expect(() => Run.parse(held)).not.toThrow();
  });

  it("while it waits, retry is not offered; once it expired, asking again is", () => {
    expect(controlsFor(held)).toEqual(["abort"]);
    expect(controlsFor(held, Date.parse(T(100)))).toEqual(["abort"]);
    expect(controlsFor(held, Date.parse(T(940)))).toEqual(["retry", "abort"]);
    expect(controlsFor({ ...withStatus("paused"), continuation: held.continuation ? { ...held.continuation, action: "resume" } : null })).toEqual(["abort"]);
  });

  it("says who asked and why a second person is needed; a different approver gets the approval with the password field", () => {
    const html = controls(held, users.adam);
    expect(text(html)).toContain("Olivia Operator asked to retry the failed step at 07:00:40 UTC. A second person must approve it: the approval is 42 min old, over the 15 min proposal TTL. The request expires at 07:15:40 UTC.");
    expect(html).toContain('type="password"');
    expect(text(html)).toContain("Your password (re-authentication)");
    // Retry itself is not offered while the request waits: only its approval, and abort.
    expect(buttons(html)).toEqual(["Abort…", "Approve continuing"]);
  });

  it("the one who asked is told a different person must approve; without the approver role, that approving needs it", () => {
    const own = controls(held, users.olivia);
    expect(own).not.toContain('type="password"');
    expect(text(own)).toContain("You asked; a different person must approve it.");
    expect(buttons(own)).toEqual(["Abort…"]);
    // Asked by Ada; Olivia is an operator, not an approver.
    const byAda = { ...held, continuation: held.continuation ? { ...held.continuation, requestedBy: { id: users.ada.id, name: users.ada.name } } : null };
    const operator = controls(byAda, users.olivia);
    expect(text(operator)).toContain("Approving needs the approver role.");
    expect(buttons(operator)).toEqual(["Abort…"]);
  });

  it("a single-sign-on approver re-authenticates at the identity provider", () => {
    const html = controls(held, users.sso);
    expect(html).not.toContain('type="password"');
    expect(buttons(html)).toEqual(["Abort…", "Sign in again to approve", "Approve continuing"]);
  });
});

describe("run view", () => {
  it("the header says what runs, where, at which epoch, its status and the RPO estimate", () => {
    const html = render(<RunHeader run={unplanned} now={Date.parse(T(20))} />);
    const words = text(html);
    expect(words).toContain("Emergency failover: us-east-1 → us-west-2");
    expect(html).toContain('data-testid="run-status" data-status="running"');
    expect(words).toContain("running 2 of 4 steps done; the console is working through the steps.");
    expect(words).toContain("Epoch 4");
    expect(words).toContain("RPO estimate: 1.2 s");
    expect(words).toContain("Started 07:00:00 UTC");
    expect(words).toContain("Running for 20 s");
  });

  it("a failed run's header gives the reason; a planned one expects no data loss", () => {
    expect(text(render(<RunHeader run={failedRun} now={null} />))).toContain("Reason: step 3 (Promote us-west-2) failed after 3 attempts");
    const planned = withStatus("succeeded", { runbook: "planned-failover", rpoEstimateMs: null, finishedAt: T(45) });
    const words = text(render(<RunHeader run={planned} now={null} />));
    expect(words).toContain("none expected (switchover, RPO 0)");
    expect(words).toContain("Finished 07:00:45 UTC (45 s)");
    expect(text(render(<RunHeader run={{ ...unplanned, rpoEstimateMs: null }} now={null} />))).toContain("RPO estimate: not known yet");
  });

  it("lists the steps in order with status, attempts, timing, detail and error", () => {
    const html = render(<RunSteps steps={unplanned.steps} now={Date.parse(T(20))} />);
    const items = [...html.matchAll(/<li data-testid="run-step" data-step="([^"]+)" data-status="(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(items).toEqual(["preflight:succeeded", "fence-source-authority:failed", "failover:running", "wait-writer:pending"]);
    const words = text(html);
    expect(words).toContain("1. ✓ succeeded Preflight: us-west-2 reachable and healthy attempts 1/3 started 07:00:00 UTC finished 07:00:02 UTC took 2.0 s in us-west-2 us-west-2 ready");
    expect(words).toContain("2. ! failed Fence us-east-1 (best effort): authority flag → fenced ○ best effort attempts 2/2");
    expect(words).toContain("best effort: gave up after 2 attempts; the run goes on Error: timeout after 5000 ms");
    expect(words).toContain("running for 7.0 s");
    expect(html).toContain('aria-current="step"');
    expect(words).toContain("4. ○ pending Wait until us-west-2 is the Aurora writer attempts 0/3 not started");
  });

  it("a step tried more than once lists each attempt with its own start and end, not only the last start", () => {
    const steps = unplanned.steps.map((s) =>
      s.id === "fence-source-authority"
        ? {
            ...s,
            attemptLog: [
              { attempt: 1, startedAt: T(2), endedAt: T(7), outcome: "failed" as const, error: "timeout after 5000 ms" },
              { attempt: 2, startedAt: T(8), endedAt: T(13), outcome: "failed" as const, error: "timeout after 5000 ms" },
            ],
          }
        : s,
    );
    const words = text(render(<RunSteps steps={steps} now={Date.parse(T(20))} />));
    expect(words).toContain("attempt 1: 07:00:02 UTC → 07:00:07 UTC (5.0 s), failed: timeout after 5000 ms");
    expect(words).toContain("attempt 2: 07:00:08 UTC → 07:00:13 UTC (5.0 s), failed: timeout after 5000 ms");
  });

  it("the whole screen renders from the server's run, controls included", () => {
    const html = render(<RunScreen initialRun={failedRun} user={users.olivia} />);
    expect(text(html)).toContain("Emergency failover: us-east-1 → us-west-2");
    expect(buttons(html)).toEqual(["Retry failed step", "Abort…"]);
    expect(text(html)).toContain("Error: InvalidGlobalClusterStateFault: busy");
    expect(html).toContain('href="/runs"');
  });

  it("the run list links each run to its view", () => {
    const html = render(<RunList initialRuns={[unplanned, withStatus("succeeded", { id: "run-6", runbook: "planned-failover" })]} />);
    expect(html).toContain('href="/runs/run-7"');
    expect(html).toContain('href="/runs/run-6"');
    expect(text(html)).toContain("2025-10-20 07:00:00 Emergency failover us-east-1 → us-west-2 4 ● running 2/4");
    expect(text(render(<RunList initialRuns={[]} />))).toContain("No runs yet.");
  });
});

describe("step helpers", () => {
  it("time a step, find the current and the retryable one, and count what is done", () => {
    expect(elapsedMs(T(0), T(2), null)).toBe(2_000);
    expect(elapsedMs(T(0), null, Date.parse(T(5)))).toBe(5_000);
    expect(elapsedMs(T(0), null, null)).toBeNull();
    expect(elapsedMs(null, null, 0)).toBeNull();
    expect(currentStep(unplanned.steps)?.id).toBe("failover");
    expect(retryableStep(unplanned.steps)).toBeNull();
    expect(retryableStep(failedRun.steps)?.id).toBe("failover");
    expect(doneCount(unplanned.steps)).toBe(2);
  });
});
