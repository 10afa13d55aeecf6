import { expect, test } from "@playwright/test";
import { clusters, haveClusterBinaries, type Cluster, type Clusters } from "@/server/db/clusters";
import { startConsole, type RunningConsole } from "../../bench/console";
import { DEMO, loginInBrowser } from "../fixtures/auth";
import { decideLine, WEST } from "../fixtures/runbooks";

/**
 * Issue 14 §6, static stability, in a browser: a console on a PostgreSQL cluster of its own, which
 * the test stops and starts again with the dashboard open.
 */
const PORT = 3105;
test.skip(!haveClusterBinaries && !process.env.CI, "PostgreSQL 15's server binaries are missing (/usr/lib/postgresql/15/bin): the store outage browser test is skipped");
test.describe.configure({ mode: "serial" });

let set: Clusters | null = null;
let store: Cluster | null = null;
let running: RunningConsole | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  set = await clusters();
  store = await set.make("outage");
  await store.query("CREATE DATABASE console");
  running = await startConsole(PORT, { DATABASE_URL: store.url("console"), CONSOLE_CONFIG: "e2e/fixtures/console.runbooks.yaml" });
});

test.afterAll(async () => {
  await running?.stop();
  await set?.cleanup();
});

test("the store stops with the dashboard open: it stays live under the banner, a proposal is refused with the reason, and all resumes when the store is back", async ({ browser }) => {
  test.setTimeout(120_000);
  if (!store || !running) throw new Error("the console did not start");
  const page = await (await browser.newContext({ baseURL: running.base })).newPage();
  await loginInBrowser(page, DEMO.operator);
  await page.goto("/");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  const banner = page.getByTestId("store-banner");
  await expect(banner).toHaveCount(0);

  await store.stop("fast");
  await expect(banner).toContainText(/Store unreachable since .+: actions paused/, { timeout: 20_000 });
  // Still live from memory: snapshots keep arriving, both regions still shown.
  const shown = (await page.getByTestId("generated-at").textContent()) ?? "";
  await expect(page.getByTestId("generated-at")).not.toHaveText(shown, { timeout: 15_000 });
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  await expect(page.getByRole("region", { name: `Region ${WEST}` })).toBeVisible();

  // An action is refused, with the reason, and nothing is stored.
  const list = decideLine(page, "Planned switchover", WEST);
  await list.getByRole("button", { name: `Propose planned switchover to ${WEST}` }).click();
  const form = list.getByRole("form", { name: /^Propose: / });
  await form.getByLabel("Reason (at least 10 characters)").fill("e2e: proposed while the store is down");
  await form.getByRole("button", { name: "Submit proposal" }).click();
  await expect(form.getByRole("alert")).toContainText("store unreachable since");

  // The store comes back: the banner goes and the same proposal goes through, with no restart.
  await store.start();
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
  await form.getByRole("button", { name: "Submit proposal" }).click();
  await expect(list.getByRole("status")).toContainText("Proposed: ");
});
