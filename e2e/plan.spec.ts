import { expect, test, type Page } from "@playwright/test";
import { DEMO, loginInBrowser } from "./fixtures/auth";
import { clearFaults, setFault } from "./fixtures/drill";

// Issue 15 §7: the failover plan's line on the dashboard, an admin's Evaluate now, and a drill
// fault failing its checks as findings with their fix. Shares the one simulated world: serial, left healthy.
test.describe.configure({ mode: "serial" });

const planLine = (page: Page) => page.getByRole("region", { name: "Failover plan" });
const planFindings = (page: Page) => page.getByRole("region", { name: "Findings" }).locator('[data-testid="finding"][data-kind="plan-check-failed"]');

test("the dashboard says how many of the plan's checks passed and when; a drill fault fails checks with their fix", async ({ page }) => {
  test.setTimeout(90_000);
  await loginInBrowser(page, DEMO.admin);
  await clearFaults(page.request);
  const evaluate = planLine(page).getByRole("button", { name: "Evaluate now" });
  // Keyboard: the button is reached and pressed like any other.
  await evaluate.focus();
  await page.keyboard.press("Enter");
  await expect(planLine(page)).toContainText(/failover plan: (\d+)\/\1 checks passed (just now|\d+ s ago)/, { timeout: 20_000 });
  await expect(planFindings(page)).toHaveCount(0);

  await setFault(page.request, "us-east-1", "control-plane-outage", true);
  await evaluate.click();
  await expect(planLine(page)).toContainText(/failover plan: \d+\/\d+ checks passed .* failing \(see findings\)/, { timeout: 20_000 });
  const rds = planFindings(page).filter({ hasText: "global cluster" });
  await expect(rds).toBeVisible();
  await expect(rds).toContainText("Fix: rds in us-east-1 did not answer");

  // Fault off: the next evaluation passes again and the findings clear (and the other specs find it so).
  await clearFaults(page.request);
  await evaluate.click();
  await expect(planLine(page)).toContainText(/failover plan: (\d+)\/\1 checks passed/, { timeout: 20_000 });
  await expect(planFindings(page)).toHaveCount(0);
});

test("Evaluate now is for admins only", async ({ page }) => {
  await loginInBrowser(page, DEMO.viewer);
  await expect(planLine(page)).toContainText("failover plan:");
  await expect(planLine(page).getByRole("button")).toHaveCount(0);
  expect((await page.request.post("/api/plan/evaluate", { data: {} })).status()).toBe(403);
});
