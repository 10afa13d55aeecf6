import { expect, test, type Page } from "@playwright/test";
import { setFault } from "../fixtures/drill";
import { approvals, approve, decideLine, EAST, expectWriter, noActiveProposal, propose, readinessCheck, signedInTeam, WEST } from "../fixtures/runbooks";

// No dead ends (issue 12 §3): a run stopped half-way says what the world is now and offers restore
// writes, two-person like every runbook; and a split brain on screen offers it on the dashboard.
test.describe.configure({ mode: "serial" });

const team = signedInTeam(test);

test.beforeEach(async () => {
  await noActiveProposal(team.olivia);
  await Promise.all([team.olivia.goto("/"), team.adam.goto("/")]);
});

const restoreList = (page: Page, target: string) => page.getByRole("article", { name: `Restore writes to ${target}` });

test("an aborted run shows the world as it is now and leads back through restore writes, approved by a second person", async () => {
  test.setTimeout(180_000);
  await expectWriter(team.olivia, EAST);
  // us-east-1's readiness endpoint fails: the planned failover's preflight waits for it, so the run can be aborted mid-way.
  await setFault(team.ada, EAST, "lying-health-check", true);
  await propose(team.olivia, WEST, "planned", "failover", "e2e: a failover that will be stopped half-way");
  await approve(team.adam, ["Planned switchover: us-east-1 → us-west-2"]);

  await approvals(team.olivia).getByRole("link", { name: "View run" }).click();
  await expect(team.olivia).toHaveURL(/\/runs\/[\w-]+$/);
  await team.olivia.getByRole("button", { name: "Abort…" }).click();
  await team.olivia.getByRole("form", { name: "Abort the run" }).getByLabel("Reason for aborting").fill("e2e: stop it half-way");
  await team.olivia.getByRole("button", { name: "Confirm abort" }).click();
  await expect(team.olivia.getByTestId("run-status")).toHaveAttribute("data-status", "aborted");
  await setFault(team.ada, EAST, "lying-health-check", false);

  // The run page: the world now, and the way back.
  const wayBack = team.olivia.getByRole("region", { name: "The world now, and the way back" });
  await expect(wayBack.getByRole("table", { name: "Each region as the monitor reads it now" })).toContainText(EAST);
  const list = restoreList(team.olivia, EAST);
  await expect(list.getByTestId("readiness-verdict")).toHaveText(/^.?\s*ready$/, { timeout: 30_000 });
  await list.getByRole("button", { name: `Propose restoring writes to ${EAST}` }).click();
  const form = list.getByRole("form", { name: /^Propose: / });
  await form.getByLabel("Reason (at least 10 characters)").fill("e2e: give writes back to the Aurora writer");
  await form.getByRole("button", { name: "Submit proposal" }).click();
  await expect(list.getByRole("status")).toContainText("Proposed: Restore writes");

  await team.adam.goto("/");
  await approve(team.adam, ["Restore writes: us-west-2 → us-east-1", /us-east-1 \(not touched\)/]);
  await approvals(team.adam).getByRole("link", { name: "View run" }).click();
  await expect(team.adam.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
  await team.adam.goto("/");
  await expectWriter(team.adam, EAST);
});

test("a split brain on screen blocks failovers and offers restore writes on the dashboard", async () => {
  test.setTimeout(180_000);
  await setFault(team.ada, WEST, "split-brain", true);
  const planned = team.olivia.getByRole("article", { name: `Promote ${WEST} (planned)` });
  await expect(readinessCheck(planned, "no-split-brain")).toHaveAttribute("data-status", "fail", { timeout: 30_000 });
  await expect(planned.getByTestId("readiness-verdict")).toHaveText(/not ready$/);
  await expect(restoreList(team.olivia, EAST)).toBeVisible();
  const list = decideLine(team.olivia, "Restore writes", EAST);
  await list.getByRole("button", { name: `Propose restoring writes to ${EAST}` }).click();
  const form = list.getByRole("form", { name: /^Propose: / });
  await form.getByLabel("Reason (at least 10 characters)").fill("e2e: settle the split brain on us-east-1");
  await form.getByRole("button", { name: "Submit proposal" }).click();
  await approve(team.adam, ["Restore writes: us-west-2 → us-east-1"]);
  await approvals(team.adam).getByRole("link", { name: "View run" }).click();
  await expect(team.adam.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
  // The drill's overlay ends; what the run stored is what remains: us-west-2 fenced, us-east-1 writing.
  await setFault(team.ada, WEST, "split-brain", false);
  await team.adam.goto("/");
  await expectWriter(team.adam, EAST);
  await expect(restoreList(team.adam, EAST)).toHaveCount(0);
});
