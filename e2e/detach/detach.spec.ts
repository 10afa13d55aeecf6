import { expect, test } from "@playwright/test";
import { setFault } from "../fixtures/drill";
import { approve, checklist, EAST, propose, readinessCheck, runSucceeds, signedInTeam, verdict, WEST } from "../fixtures/runbooks";

// Detach mode (globalCluster.unplannedMode: detach), against the strict sim: RemoveFromGlobalCluster
// leaves the target a standalone writer and does not fence the old primary. When the old primary's
// region returns still writable, that is a split brain on screen, and failback is refused with the
// reason (the global database must be rebuilt first).
const team = signedInTeam(test);

test("an unplanned failover in detach mode detaches us-west-2; us-east-1 returns writable: split brain, and failback is refused", async () => {
  test.setTimeout(240_000);
  await Promise.all([team.olivia.goto("/"), team.adam.goto("/")]);
  await setFault(team.ada, EAST, "region-outage", true);
  await expect(checklist(team.olivia, WEST, "unplanned").getByTestId("readiness-verdict")).toHaveText(/^.?\s*ready$/, { timeout: 60_000 });
  await propose(team.olivia, WEST, "unplanned", "failover", "e2e: us-east-1 is down, detach us-west-2", true);
  await approve(team.adam, ["Emergency failover: us-east-1 → us-west-2"]);
  await runSucceeds(team.adam, 150_000);
  await expect(team.adam.locator('[data-testid="run-step"][data-step="failover"]')).toContainText("RemoveFromGlobalCluster");

  // us-east-1 comes back: nobody fenced it (it was dark), and a detach does not demote it.
  await setFault(team.ada, EAST, "region-outage", false);
  await team.olivia.goto("/");
  await expect(verdict(team.olivia)).toContainText("SPLIT BRAIN", { timeout: 60_000 });
  const failback = checklist(team.olivia, EAST, "planned");
  await expect(readinessCheck(failback, "global-database-intact")).toHaveAttribute("data-status", "fail", { timeout: 30_000 });
  await expect(readinessCheck(failback, "global-database-intact")).toContainText("us-west-2 was detached from the global database");
  await expect(failback.getByTestId("readiness-verdict")).toHaveText(/not ready$/);
});
