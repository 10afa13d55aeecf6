import { expect, test, type Page } from "@playwright/test";
import { DEMO, loginInBrowser } from "./fixtures/auth";
import { clearFaults, setFault } from "./fixtures/drill";

// The simulated world is one per console: these tests take turns with it and leave it healthy.
test.describe.configure({ mode: "serial" });

const region = (page: Page, id: string) => page.getByRole("region", { name: `Region ${id}` });
const signalStatus = (page: Page, id: string, signal: string) =>
  region(page, id).locator(`[data-testid="signal-status"][data-signal="${signal}"]`);
const finding = (page: Page, title: string | RegExp) => page.getByRole("region", { name: "Findings" }).getByTestId("finding").filter({ hasText: title });
const verdict = (page: Page) => page.getByRole("region", { name: "Verdict" });

test.beforeEach(async ({ page }) => {
  await loginInBrowser(page, DEMO.admin);
  await clearFaults(page.request);
  // Back to the healthy world before each test.
  await expect(signalStatus(page, "us-east-1", "authority")).toHaveAttribute("data-status", "ok", { timeout: 20_000 });
  await expect(verdict(page)).toContainText("us-east-1 owns writes");
});

test.afterEach(async ({ page }) => {
  await clearFaults(page.request);
});

test("both regions are shown side by side with live, fresh signals", async ({ page }) => {
  for (const id of ["us-east-1", "us-west-2"]) {
    await expect(region(page, id)).toBeVisible();
    await expect(signalStatus(page, id, "healthChecks")).toHaveAttribute("data-status", "ok");
    await expect(region(page, id).getByTestId("checker-count").first()).toHaveText(/\/8 checkers OK/);
  }
  await expect(verdict(page)).toContainText("epoch 1");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  await expect(page.getByRole("region", { name: "Replication lag" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Promotion readiness" })).toContainText("us-west-2");
});

test("a region outage turns that region stale then unknown and raises findings, while the other stays live", async ({ page }) => {
  test.setTimeout(90_000);
  await setFault(page.request, "us-east-1", "region-outage", true);
  await expect(signalStatus(page, "us-east-1", "authority")).toHaveAttribute("data-status", "stale", { timeout: 15_000 });
  await expect(finding(page, "Region us-east-1 is down")).toBeVisible();
  // The region's one word says it, large, with the reason; the other stays the standby.
  await expect(region(page, "us-east-1").getByTestId("region-state")).toHaveAttribute("data-state", "down");
  await expect(region(page, "us-west-2").getByTestId("region-state")).toHaveAttribute("data-state", "standby");
  await expect(signalStatus(page, "us-east-1", "authority")).toHaveAttribute("data-status", "unknown", { timeout: 20_000 });
  await expect(finding(page, /signals? in us-east-1 unknown/)).toBeVisible();
  await expect(verdict(page)).toHaveAttribute("data-tone", "critical");
  // The other region never went stale.
  for (const signal of ["authority", "healthChecks", "readiness", "aurora"]) {
    await expect(signalStatus(page, "us-west-2", signal)).toHaveAttribute("data-status", "ok");
  }
});

test("a control-plane outage shows 'control plane impaired', not 'region down'", async ({ page }) => {
  await setFault(page.request, "us-west-2", "control-plane-outage", true);
  await expect(finding(page, "Control plane impaired in us-west-2")).toBeVisible({ timeout: 10_000 });
  await expect(region(page, "us-west-2").getByTestId("control-plane-summary")).toContainText(/impaired/i);
  // The per-service list, folded while every service answers, opens by itself.
  await expect(region(page, "us-west-2").locator('[data-testid="service-status"][data-status="impaired"]').first()).toBeVisible();
  await expect(finding(page, "Region us-west-2 is down")).toHaveCount(0);
  await expect(signalStatus(page, "us-west-2", "healthChecks")).toHaveAttribute("data-status", "ok");
});

test("a lying health check raises its finding (toggled from the drill panel)", async ({ page }) => {
  const toggle = page.getByRole("region", { name: "Drill" }).getByRole("button", { name: "lying-health-check in us-east-1" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(finding(page, "Health checks in us-east-1 are green, but it cannot take writes")).toBeVisible({ timeout: 10_000 });
  await expect(signalStatus(page, "us-east-1", "healthChecks")).toHaveAttribute("data-status", "ok");
});

test("a forced split brain shows the critical banner", async ({ page }) => {
  await setFault(page.request, "us-west-2", "split-brain", true);
  await expect(verdict(page)).toContainText("SPLIT BRAIN", { timeout: 10_000 });
  await expect(verdict(page)).toHaveAttribute("data-tone", "critical");
  await expect(finding(page, "Split brain: two regions own writes")).toBeVisible();
});

test("drills are for admins only", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginInBrowser(page, DEMO.viewer);
  await expect(region(page, "us-east-1")).toBeVisible();
  await expect(page.getByRole("region", { name: "Drill" })).toHaveCount(0);
  const res = await page.request.post("/api/sim/faults", { data: { region: "us-east-1", fault: "throttling", active: true } });
  expect(res.status()).toBe(403);
  await context.close();
});

test("a malformed fault toggle is a 400 naming the field, and changes nothing", async ({ page }) => {
  const before = await (await page.request.get("/api/sim/faults")).json();
  const badFault = await page.request.post("/api/sim/faults", { data: { region: "us-east-1", fault: "meteor-strike", active: true } });
  expect(badFault.status()).toBe(400);
  expect(((await badFault.json()) as { error: { message: string } }).error.message).toMatch(/^invalid request body: fault: /);
  const badRegion = await page.request.post("/api/sim/faults", { data: { region: "eu-west-9", fault: "throttling", active: true } });
  expect(badRegion.status()).toBe(400);
  expect(((await badRegion.json()) as { error: { message: string } }).error.message).toMatch(/region: expected one of us-east-1, us-west-2/);
  expect(await (await page.request.get("/api/sim/faults")).json()).toEqual(before);
});

test("the lag endpoint validates its range and returns stored samples", async ({ page }) => {
  const bad = await page.request.get("/api/lag?range=2d");
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/range/);
  await expect
    .poll(async () => ((await (await page.request.get("/api/lag?range=15m")).json()) as { points: unknown[] }).points.length, { timeout: 15_000 })
    .toBeGreaterThan(0);
});
