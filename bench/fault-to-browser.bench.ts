/**
 * Figure: from a fault toggled in the sim to the change visible in the browser
 * (target: under one cadence + 1 s). Playwright measures; nothing here asserts a time.
 */
import { expect, test } from "@playwright/test";
import { DEMO, loginInBrowser } from "../e2e/fixtures/auth";
import { clearFaults, setFault } from "../e2e/fixtures/drill";

const TRIALS = 5;

test("fault toggle → visible on the screen", async ({ page }) => {
  test.setTimeout(120_000);
  await loginInBrowser(page, DEMO.admin);
  await clearFaults(page.request);
  const finding = page.getByTestId("finding").filter({ hasText: "Health checks in us-east-1 are green, but it cannot take writes" });
  const cadenceMs = ((await (await page.request.get("/api/state")).json()) as { cadenceMs: number }).cadenceMs;
  const times: number[] = [];
  for (let i = 0; i < TRIALS; i++) {
    await expect(finding).toHaveCount(0, { timeout: 15_000 });
    const started = Date.now();
    await setFault(page.request, "us-east-1", "lying-health-check", true);
    await finding.waitFor({ state: "visible", timeout: 15_000 });
    times.push(Date.now() - started);
    await setFault(page.request, "us-east-1", "lying-health-check", false);
  }
  await clearFaults(page.request);
  times.sort((a, b) => a - b);
  console.log(`fault → browser over ${TRIALS} trials: ${times.map((t) => `${t} ms`).join(", ")}`);
  console.log(`  median ${times[Math.floor(TRIALS / 2)]} ms, max ${times.at(-1)} ms (target < cadence + 1 s = ${cadenceMs + 1000} ms)`);
});
