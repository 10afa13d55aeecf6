import { expect, test, type Page } from "@playwright/test";
import { DEMO, loginInBrowser } from "./fixtures/auth";
import { setFault } from "./fixtures/drill";

// Each drill toggle is audited, even one that turns off a fault that is already off, which leaves
// the simulated world (shared with the specs running alongside) exactly as it was. No other test
// turns throttling on in us-west-2. More toggles than the smallest page, so paging is certain.
// In the "world" project (playwright.config.ts): the other specs that toggle faults take turns with
// this one, so the filtered view of toggles holds still while it pages.
const TOGGLES = 30;

const verification = (page: Page) => page.getByRole("region", { name: "Chain verification" });
const table = (page: Page) => page.getByRole("table", { name: /^Audit records, newest first/ });
/** Data rows: each has its sequence number as a row header. */
const rows = (page: Page) => table(page).getByRole("row").filter({ has: page.getByRole("rowheader") });
/**
 * The sequence numbers shown, newest first, in one snapshot: the table is live (other specs append
 * records all the time), and a record arriving between two separate reads would shift the rows.
 */
const seqsShown = async (page: Page) => (await rows(page).getByRole("rowheader").allInnerTexts()).map((s) => Number.parseInt(s, 10));
/** The row of record `seq`, wherever live updates move it. */
const rowOf = (page: Page, seq: number) => rows(page).filter({ has: page.getByRole("rowheader", { name: String(seq), exact: true }) });

test("the audit log shows the verified chain, and filters and pages its records", async ({ page }) => {
  await loginInBrowser(page, DEMO.admin);
  for (let i = 0; i < TOGGLES; i++) await setFault(page.request, "us-west-2", "throttling", false);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "Dashboard" })).not.toHaveAttribute("aria-current", "page");

  // The verification: every record valid (N/N), green, with the time it ran.
  await expect(verification(page).getByRole("status")).toHaveText(/(\d+)\/\1 records valid: the chain is intact/);
  await expect(verification(page)).toHaveAttribute("data-state", "intact");
  await expect(verification(page)).toContainText(/Verified at \d\d:\d\d:\d\d UTC/);
  const again = verification(page).getByRole("button", { name: "Verify again" });
  await again.click();
  await expect(again).toHaveAttribute("aria-disabled", "false");
  await expect(verification(page).getByRole("status")).toHaveText(/(\d+)\/\1 records valid/);

  // The records this test caused, newest first, summarised in words.
  await expect(table(page)).toContainText("Drill fault throttling turned off in us-west-2");
  const seqs = await seqsShown(page);
  expect(seqs.length).toBeGreaterThan(1);
  expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  expect(new Set(seqs).size).toBe(seqs.length);
  const newest = rowOf(page, seqs[0] ?? 0);
  await newest.getByText(/Payload and hashes/).click();
  await expect(newest.locator("pre")).toBeVisible();

  // Filter by action: the URL says so and only that action is left.
  await page.getByLabel("Action", { exact: true }).selectOption("sim.fault_toggled");
  await expect(page).toHaveURL(/\/audit\?action=sim\.fault_toggled$/);
  await expect(table(page)).toHaveAccessibleName(/action sim\.fault_toggled only/);
  await expect(table(page).getByRole("cell", { name: "auth.login", exact: true })).toHaveCount(0);
  await expect(rows(page).first()).toContainText("sim.fault_toggled");

  // Page through them 25 at a time.
  await page.getByLabel("Per page", { exact: true }).selectOption("25");
  await expect(page).toHaveURL(/\/audit\?action=sim\.fault_toggled&size=25$/);
  await expect(rows(page)).toHaveCount(25);
  const pager = page.getByRole("navigation", { name: "Audit log pages" });
  await expect(pager).toContainText("Page 1");
  // Only the "world" specs toggle faults, and they take turns with this one: the filtered page holds still.
  const lastOnFirstPage = (await seqsShown(page)).at(-1) ?? 0;
  await pager.getByRole("button", { name: "Older" }).click();
  await expect(pager).toContainText("Page 2");
  await expect(table(page)).toHaveAccessibleName(/page 2$/);
  // The previous page stays on screen as a placeholder while the next one loads.
  await expect(table(page)).toHaveAttribute("aria-busy", "false");
  await expect.poll(async () => (await seqsShown(page))[0]).toBeLessThan(lastOnFirstPage);
  await expect(rows(page).first()).toContainText("sim.fault_toggled");
  await pager.getByRole("button", { name: "Newer" }).click();
  await expect(pager).toContainText("Page 1");
  await expect(pager.getByRole("button", { name: "Newer" })).toHaveAttribute("aria-disabled", "true");

  // Back to every action; the filter leaves the URL, the page size stays.
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "All actions" });
  await expect(page).toHaveURL(/\/audit\?size=25$/);
  await expect(table(page)).toHaveAccessibleName(/^Audit records, newest first, page 1$/);
  await expect(rows(page)).toHaveCount(25);

  // A reload keeps the view the URL describes.
  await page.goto("/audit?action=auth.login");
  await expect(page.getByLabel("Action", { exact: true })).toHaveValue("auth.login");
  await expect(rows(page).first()).toContainText("auth.login");
  await expect(table(page).getByRole("cell", { name: "sim.fault_toggled", exact: true })).toHaveCount(0);
  // This test's own sign-in, summarised in words (on the unfiltered page it may sit below other specs' records).
  await expect(table(page)).toContainText("Signed in as ada (credentials)");
});

test("a viewer who is signed out is sent to sign in, and comes back to the audit log", async ({ page }) => {
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faudit$/);
  await page.getByLabel("Username", { exact: true }).fill(DEMO.viewer.username);
  await page.getByLabel("Password", { exact: true }).fill(DEMO.viewer.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(verification(page).getByRole("status")).toHaveText(/records valid/);
  // The viewer's own sign-in is on the record.
  await expect(table(page)).toContainText("Signed in as vera");

  // Keyboard: the header link back to the dashboard.
  const dashboard = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" });
  await dashboard.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/$/);
  await expect(dashboard).toHaveAttribute("aria-current", "page");
});
