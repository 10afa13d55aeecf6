import { expect, test } from "@playwright/test";
import { setFault } from "../fixtures/drill";
import { approvals, approve, checklist, EAST, expectWriter, noActiveProposal, propose, readinessCheck, runSucceeds, signalStatus, signedInTeam, verdict, WEST, writerEpoch } from "../fixtures/runbooks";

// Two people in two browsers move writes us-east-1 → us-west-2 → us-east-1 (planned), then
// through an outage (unplanned) and back (failback). Each test starts where the last one left
// the world, and the last leaves it as found: us-east-1 writes, no fault on.
test.describe.configure({ mode: "serial" });

const team = signedInTeam(test);

test.beforeEach(async () => {
  await noActiveProposal(team.olivia);
  await Promise.all([team.olivia.goto("/"), team.adam.goto("/")]);
});

test("a planned failover proposed in one browser and approved in another moves writes and traffic to us-west-2", async () => {
  test.setTimeout(120_000);
  await expectWriter(team.olivia, EAST);
  const n = await writerEpoch(team.olivia);

  await propose(team.olivia, WEST, "planned", "failover", "e2e: planned failover rehearsal, two people");

  // Adam sees what it is and what will change, before → after, from the live snapshot.
  await approve(team.adam, [
    "Planned switchover: us-east-1 → us-west-2",
    /Proposed by\s*Olivia Operator/,
    "e2e: planned failover rehearsal, two people",
    /Expires in \d+ min/,
    "Readiness evidence when proposed",
    new RegExp(`primary@${n}\\s*→ fenced@${n + 1}`),
    new RegExp(`primary@${n + 1}`),
    /Off\s*→ On/,
    /On\s*→ Off/,
  ]);

  // Both follow the run to the end: Olivia's panel updates by itself (polling), with the same link.
  await expect(approvals(team.olivia).getByRole("link", { name: "View run" })).toBeVisible({ timeout: 15_000 });
  await Promise.all([runSucceeds(team.olivia, 60_000), runSucceeds(team.adam, 60_000)]);
  await expect(team.olivia.getByTestId("run-rpo")).toHaveText("none expected (switchover, RPO 0)");
  await expect(team.olivia.getByRole("heading", { level: 2, name: "Planned switchover: us-east-1 → us-west-2" })).toBeVisible();

  await team.olivia.goto("/");
  await expectWriter(team.olivia, WEST);
  await expect(verdict(team.olivia)).toContainText(`epoch ${n + 1}`);
  await expect(approvals(team.olivia).getByRole("article", { name: "Last proposal" })).toContainText("Done: approved by Adam Approver");
});

test("writes move back to us-east-1 the same way", async () => {
  test.setTimeout(120_000);
  await expectWriter(team.olivia, WEST);
  await propose(team.olivia, EAST, "planned", "failover", "e2e: move writes back to us-east-1");
  await approve(team.adam, ["Planned switchover: us-west-2 → us-east-1", /Routing\s*us-east-1\s*Off\s*→ On/]);
  await runSucceeds(team.adam, 60_000);
  await team.olivia.goto("/");
  await expectWriter(team.olivia, EAST);
});

test("in a us-east-1 outage an unplanned failover, with the data loss acknowledged, promotes us-west-2", async () => {
  test.setTimeout(180_000);
  await setFault(team.ada, EAST, "region-outage", true);
  // The unplanned checklist turns ready once us-east-1 reads as impaired.
  await expect(checklist(team.olivia, WEST, "unplanned").getByTestId("readiness-verdict")).toHaveText(/^.?\s*ready$/, { timeout: 60_000 });

  await propose(team.olivia, WEST, "unplanned", "failover", "e2e: us-east-1 is down, restore writes in us-west-2", true);
  await approve(team.adam, ["Emergency failover: us-east-1 → us-west-2", /Data loss acknowledged by Olivia Operator \(olivia\): .* Last lag seen: (\d+ min )?[\d.]+ (ms|s)/]);

  // Fencing the dark region is best effort: each attempt times out, and the run goes on.
  await runSucceeds(team.olivia, 120_000);
  await expect(team.olivia.getByTestId("run-rpo")).toHaveText(/^RPO estimate: [\d.]+ (ms|s|min)/);
  await expect(team.olivia.locator('[data-testid="run-step"][data-step="fence-source-authority"]')).toContainText("best effort");

  await team.adam.goto("/");
  await expect(verdict(team.adam)).toContainText(/Writes: us-west-2 at epoch \d+/, { timeout: 30_000 });
  await expect(verdict(team.adam)).toContainText(/traffic to us-west-2;/);
});

test("once us-east-1 is back, a failback re-protects it and returns writes to it", async () => {
  test.setTimeout(180_000);
  await setFault(team.ada, EAST, "region-outage", false);
  await expect(signalStatus(team.olivia, EAST, "authority")).toHaveAttribute("data-status", "ok", { timeout: 60_000 });
  // Aurora has rebuilt the old primary as a reader: there is something to fail back to.
  await expect(readinessCheck(checklist(team.olivia, EAST, "planned"), "target-not-writer")).toHaveAttribute("data-status", "pass", { timeout: 60_000 });
  // us-east-1 still claims authority at the old epoch but cannot write: a warning with its fix, not split brain (issue 15 §2).
  await expect(team.olivia.getByTestId("stale-claim")).toContainText(/Stale authority claim \(epoch \d+ < \d+\): us-east-1 still claims write authority but cannot write/);
  await expect(verdict(team.olivia)).toHaveAttribute("data-authority", "single");
  await expect(verdict(team.olivia)).not.toContainText("SPLIT BRAIN");
  await expect(team.olivia.getByTestId("stale-claim").getByRole("button", { name: "Propose restoring writes to us-west-2" })).toBeVisible();

  await propose(team.olivia, EAST, "planned", "failback", "e2e: us-east-1 is back, fail back to it");
  await approve(team.adam, ["Failback: us-west-2 → us-east-1", "re-protects it"]);
  await runSucceeds(team.adam, 150_000);
  await expect(team.adam.locator('[data-testid="run-step"][data-step="wait-reprotected"]')).toHaveAttribute("data-status", /succeeded|skipped/);

  await team.olivia.goto("/");
  await expectWriter(team.olivia, EAST);
});

test("a run against a dark region can be paused, resumed and aborted from the run view", async () => {
  test.setTimeout(150_000);
  await setFault(team.ada, EAST, "region-outage", true);
  await expect(checklist(team.olivia, WEST, "unplanned").getByTestId("readiness-verdict")).toHaveText(/^.?\s*ready$/, { timeout: 60_000 });
  await propose(team.olivia, WEST, "unplanned", "failover", "e2e: rehearse stopping a run half-way", true);
  await approve(team.adam, ["Emergency failover: us-east-1 → us-west-2"]);
  await approvals(team.olivia).getByRole("link", { name: "View run" }).click();

  // Fencing the dark region is one attempt of runbooks.fenceDownRegionSeconds (10 s in this config) per step: time to act on the run.
  const status = team.olivia.getByTestId("run-status");
  await expect(status).toHaveAttribute("data-status", "running");
  await team.olivia.getByRole("button", { name: "Pause" }).click();
  await expect(status).toHaveAttribute("data-status", "paused");
  await team.olivia.getByRole("button", { name: "Resume" }).click();
  await expect(status).toHaveAttribute("data-status", "running");

  // Abort asks why, and for a second, explicit confirmation.
  await team.olivia.getByRole("button", { name: "Abort…" }).click();
  const abort = team.olivia.getByRole("form", { name: "Abort the run" });
  await abort.getByRole("button", { name: "Confirm abort" }).click();
  await expect(abort.getByRole("alert")).toHaveText("Say why the run is aborted: it goes on the record.");
  await abort.getByLabel("Reason for aborting").fill("e2e: drill over");
  await abort.getByRole("button", { name: "Confirm abort" }).click();
  await expect(status).toHaveAttribute("data-status", "aborted");
  await expect(team.olivia.getByTestId("run-status-reason")).toContainText("aborted by Olivia Operator (olivia): e2e: drill over");
  await expect(team.olivia.getByText("The run has ended: there is nothing to control.")).toBeVisible();

  // Nothing was promoted: once the region is back, us-east-1 still writes.
  await setFault(team.ada, EAST, "region-outage", false);
  await team.olivia.goto("/");
  await expect(signalStatus(team.olivia, EAST, "authority")).toHaveAttribute("data-status", "ok", { timeout: 60_000 });
  await expectWriter(team.olivia, EAST);
});

test("the audit log verifies intact and records every run that succeeded", async () => {
  await team.olivia.goto("/audit");
  const verification = team.olivia.getByRole("region", { name: "Chain verification" });
  await expect(verification.getByRole("status")).toHaveText(/(\d+)\/\1 records valid: the chain is intact/);
  // Filtered on the server: only run.succeeded records, one per run above.
  await team.olivia.goto("/audit?action=run.succeeded");
  const table = team.olivia.getByRole("table", { name: /^Audit records, newest first, action run\.succeeded only/ });
  const rows = table.getByRole("row").filter({ has: team.olivia.getByRole("rowheader") });
  await expect(rows.first()).toContainText("run.succeeded");
  expect(await rows.count()).toBeGreaterThanOrEqual(4);
  await expect(table.getByRole("cell", { name: "proposal.created", exact: true })).toHaveCount(0);
});
