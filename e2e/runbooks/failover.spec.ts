import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { setFault } from "../fixtures/drill";
import { approvals, approve, checklist, EAST, expectWriter, noActiveProposal, propose, runSucceeds, signalStatus, signInTeam, type Team, verdict, WEST, writerEpoch } from "../fixtures/runbooks";

// Two people in two browsers move writes us-east-1 → us-west-2 → us-east-1 (planned), then
// through an outage (unplanned) and back (failback). Each test starts where the last one left
// the world, and the last leaves it as found: us-east-1 writes, no fault on.
test.describe.configure({ mode: "serial" });

let team: Team;
let olivia: Page;
let adam: Page;
let ada: APIRequestContext;

test.beforeAll(async ({ browser, playwright }, testInfo) => {
  team = await signInTeam(browser, playwright.request, testInfo.project.use.baseURL);
  ({ olivia, adam, ada } = team);
});

test.afterAll(async () => {
  await team?.close();
});

test.beforeEach(async () => {
  await noActiveProposal(olivia);
  await Promise.all([olivia.goto("/"), adam.goto("/")]);
});

test("a planned failover proposed in one browser and approved in another moves writes and traffic to us-west-2", async () => {
  test.setTimeout(120_000);
  await expectWriter(olivia, EAST);
  const n = await writerEpoch(olivia);

  await propose(olivia, WEST, "planned", "failover", "e2e: planned failover rehearsal, two people");

  // Adam sees what it is and what will change, before → after, from the live snapshot.
  await approve(adam, [
    "Planned failover: us-east-1 → us-west-2",
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
  await expect(approvals(olivia).getByRole("link", { name: "View run" })).toBeVisible({ timeout: 15_000 });
  await Promise.all([runSucceeds(olivia, 60_000), runSucceeds(adam, 60_000)]);
  await expect(olivia.getByTestId("run-rpo")).toHaveText("none expected (switchover, RPO 0)");
  await expect(olivia.getByRole("heading", { level: 2, name: "Planned failover: us-east-1 → us-west-2" })).toBeVisible();

  await olivia.goto("/");
  await expectWriter(olivia, WEST);
  await expect(verdict(olivia)).toContainText(`epoch ${n + 1}`);
  await expect(approvals(olivia).getByRole("article", { name: "Last proposal" })).toContainText("Done: approved by Adam Approver");
});

test("writes move back to us-east-1 the same way", async () => {
  test.setTimeout(120_000);
  await expectWriter(olivia, WEST);
  await propose(olivia, EAST, "planned", "failover", "e2e: move writes back to us-east-1");
  await approve(adam, ["Planned failover: us-west-2 → us-east-1", /Routing\s*us-east-1\s*Off\s*→ On/]);
  await runSucceeds(adam, 60_000);
  await olivia.goto("/");
  await expectWriter(olivia, EAST);
});

test("in a us-east-1 outage an unplanned failover, with the data loss acknowledged, promotes us-west-2", async () => {
  test.setTimeout(180_000);
  await setFault(ada, EAST, "region-outage", true);
  // The unplanned checklist turns ready once us-east-1 reads as impaired.
  await expect(checklist(olivia, WEST, "unplanned").getByTestId("readiness-verdict")).toHaveText(/^.?\s*ready$/, { timeout: 60_000 });

  await propose(olivia, WEST, "unplanned", "failover", "e2e: us-east-1 is down, restore writes in us-west-2", true);
  await approve(adam, ["Unplanned failover: us-east-1 → us-west-2", /Data loss acknowledged by Olivia Operator: .* Last lag seen: [\d.]+ (ms|s)/]);

  // Fencing the dark region is best effort: each attempt times out, and the run goes on.
  await runSucceeds(olivia, 120_000);
  await expect(olivia.getByTestId("run-rpo")).toHaveText(/^RPO estimate: [\d.]+ (ms|s|min)/);
  await expect(olivia.locator('[data-testid="run-step"][data-step="fence-source-authority"]')).toContainText("best effort");

  await adam.goto("/");
  await expect(verdict(adam)).toContainText(/Writes: us-west-2 at epoch \d+/, { timeout: 30_000 });
  await expect(verdict(adam)).toContainText(/traffic to us-west-2;/);
});

test("once us-east-1 is back, a failback re-protects it and returns writes to it", async () => {
  test.setTimeout(180_000);
  await setFault(ada, EAST, "region-outage", false);
  await expect(signalStatus(olivia, EAST, "authority")).toHaveAttribute("data-status", "ok", { timeout: 60_000 });
  // Aurora has rebuilt the old primary as a reader: there is something to fail back to.
  await expect(checklist(olivia, EAST, "planned").locator('[data-check="target-not-writer"]')).toHaveAttribute("data-status", "pass", { timeout: 60_000 });

  await propose(olivia, EAST, "planned", "failback", "e2e: us-east-1 is back, fail back to it");
  await approve(adam, ["Failback: us-west-2 → us-east-1", "re-protects it"]);
  await runSucceeds(adam, 150_000);
  await expect(adam.locator('[data-testid="run-step"][data-step="wait-reprotected"]')).toHaveAttribute("data-status", /succeeded|skipped/);

  await olivia.goto("/");
  await expectWriter(olivia, EAST);
});

test("a run against a dark region can be paused, resumed and aborted from the run view", async () => {
  test.setTimeout(150_000);
  await setFault(ada, EAST, "region-outage", true);
  await expect(checklist(olivia, WEST, "unplanned").getByTestId("readiness-verdict")).toHaveText(/^.?\s*ready$/, { timeout: 60_000 });
  await propose(olivia, WEST, "unplanned", "failover", "e2e: rehearse stopping a run half-way", true);
  await approve(adam, ["Unplanned failover: us-east-1 → us-west-2"]);
  await approvals(olivia).getByRole("link", { name: "View run" }).click();

  // Fencing the dark region takes several seconds per attempt: time to act on the run.
  const status = olivia.getByTestId("run-status");
  await expect(status).toHaveAttribute("data-status", "running");
  await olivia.getByRole("button", { name: "Pause" }).click();
  await expect(status).toHaveAttribute("data-status", "paused");
  await olivia.getByRole("button", { name: "Resume" }).click();
  await expect(status).toHaveAttribute("data-status", "running");

  // Abort asks why, and for a second, explicit confirmation.
  await olivia.getByRole("button", { name: "Abort…" }).click();
  const abort = olivia.getByRole("form", { name: "Abort the run" });
  await abort.getByRole("button", { name: "Confirm abort" }).click();
  await expect(abort.getByRole("alert")).toHaveText("Say why the run is aborted: it goes on the record.");
  await abort.getByLabel("Reason for aborting").fill("e2e: drill over");
  await abort.getByRole("button", { name: "Confirm abort" }).click();
  await expect(status).toHaveAttribute("data-status", "aborted");
  await expect(olivia.getByTestId("run-status-reason")).toContainText("aborted by Olivia Operator: e2e: drill over");
  await expect(olivia.getByText("The run has ended: there is nothing to control.")).toBeVisible();

  // Nothing was promoted: once the region is back, us-east-1 still writes.
  await setFault(ada, EAST, "region-outage", false);
  await olivia.goto("/");
  await expect(signalStatus(olivia, EAST, "authority")).toHaveAttribute("data-status", "ok", { timeout: 60_000 });
  await expectWriter(olivia, EAST);
});

test("the audit log verifies intact and records every run that succeeded", async () => {
  await olivia.goto("/audit");
  const verification = olivia.getByRole("region", { name: "Chain verification" });
  await expect(verification.getByRole("status")).toHaveText(/(\d+)\/\1 records valid: the chain is intact/);
  // Filtered on the server: only run.succeeded records, one per run above.
  await olivia.goto("/audit?action=run.succeeded");
  const table = olivia.getByRole("table", { name: /^Audit records, newest first, action run\.succeeded only/ });
  const rows = table.getByRole("row").filter({ has: olivia.getByRole("rowheader") });
  await expect(rows.first()).toContainText("run.succeeded");
  expect(await rows.count()).toBeGreaterThanOrEqual(4);
  await expect(table.getByRole("cell", { name: "proposal.created", exact: true })).toHaveCount(0);
});
