import { expect, test, type Page } from "@playwright/test";
import { DEMO, loginInBrowser } from "./fixtures/auth";
import { clearFaults, setFault } from "./fixtures/drill";

// Issue 15 §7: the failover plan's line on the dashboard, an admin's Evaluate now, and a drill
// fault failing its checks as findings with their fix. Shares the one simulated world: serial, left healthy.
test.describe.configure({ mode: "serial" });

const planLine = (page: Page) => page.getByRole("region", { name: "Failover plan" });
const planFindings = (page: Page) => page.getByRole("region", { name: "Findings" }).locator('[data-testid="finding"][data-kind="plan-check-failed"]');
const refusal = /Could not evaluate the plan: the failover plan was evaluated \d+ s ago; evaluate again in \d+ s/;

/** The answer to the next Evaluate now `press` sends. */
async function pressed(page: Page, press: () => Promise<void>) {
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/api/plan/evaluate") && r.request().method() === "POST"), press()]);
  return res;
}

/**
 * Presses until an evaluation runs: the last result (the leader's at start, or the step before)
 * may be younger than the cooldown (15 s in the e2e config), which refuses it with when to ask again.
 */
async function evaluateWhenAllowed(page: Page, press: () => Promise<void>) {
  await expect(async () => {
    const res = await pressed(page, press);
    if (res.status() === 429) await expect(planLine(page).getByRole("alert")).toHaveText(refusal);
    expect(res.status()).toBe(200);
  }).toPass({ timeout: 60_000, intervals: [2_000, 5_000] });
}

test("the dashboard says how many of the plan's checks passed and when; a drill fault fails checks with their fix", async ({ page }) => {
  test.setTimeout(180_000);
  await loginInBrowser(page, DEMO.admin);
  await clearFaults(page.request);
  const evaluate = planLine(page).getByRole("button", { name: "Evaluate now" });
  // Keyboard: the button is reached and pressed like any other.
  await evaluateWhenAllowed(page, async () => {
    await evaluate.focus();
    await page.keyboard.press("Enter");
  });
  await expect(planLine(page)).toContainText(/failover plan: (\d+)\/\1 checks passed (just now|\d+ s ago)/, { timeout: 20_000 });
  await expect(planFindings(page)).toHaveCount(0);

  // At once again: refused for the cooldown, with when to ask again (an admin clicking in a loop
  // must not spend the AWS read quotas the monitor needs).
  const again = await pressed(page, () => evaluate.click());
  expect(again.status()).toBe(429);
  expect(Number(again.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(planLine(page).getByRole("alert")).toHaveText(refusal);

  await setFault(page.request, "us-east-1", "control-plane-outage", true);
  await evaluateWhenAllowed(page, () => evaluate.click());
  await expect(planLine(page)).toContainText(/failover plan: \d+\/\d+ checks passed .* failing \(see findings\)/, { timeout: 20_000 });
  const rds = planFindings(page).filter({ hasText: "global cluster" });
  await expect(rds).toBeVisible();
  await expect(rds).toContainText("Fix: rds in us-east-1 did not answer");

  // Fault off: the next evaluation passes again and the findings clear (and the other specs find it so).
  await clearFaults(page.request);
  await evaluateWhenAllowed(page, () => evaluate.click());
  await expect(planLine(page)).toContainText(/failover plan: (\d+)\/\1 checks passed/, { timeout: 20_000 });
  await expect(planFindings(page)).toHaveCount(0);
});

test("Evaluate now is for admins only", async ({ page }) => {
  await loginInBrowser(page, DEMO.viewer);
  await expect(planLine(page)).toContainText("failover plan:");
  await expect(planLine(page).getByRole("button")).toHaveCount(0);
  expect((await page.request.post("/api/plan/evaluate", { data: {} })).status()).toBe(403);
});
