import { expect, test, type Page } from "@playwright/test";
import { OIDC_TEST_ACCOUNTS, OIDC_TEST_PASSWORD } from "./fixtures/oidc-accounts";

// The console is configured (e2e/fixtures/console.e2e.yaml) against the local OpenID provider
// that playwright.config.ts starts on loopback; these sign in through it for real in Chromium.
async function signInWithSso(page: Page, username: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:4455/);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(OIDC_TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an SSO user's groups map to console roles", async ({ page }) => {
  const account = OIDC_TEST_ACCOUNTS["oidc-approver"];
  await signInWithSso(page, account.username);
  // Every screen names the account with its username beside the name (issue 13: display names can be chosen).
  await expect(page.getByTestId("current-user")).toHaveText(`${account.name} (oidc:${account.username})`);
  // console-approvers → viewer + approver, and nothing else.
  await expect(page.getByTestId("current-roles")).toHaveText(/^\s*viewer\s*approver\s*$/);
  const me = (await (await page.request.get("/api/me")).json()) as { user: { provider: string; roles: string[]; id: string } };
  expect(me.user).toMatchObject({ provider: "oidc", roles: ["viewer", "approver"] });
  // The console's own id, not the provider's subject, identifies the person.
  expect(me.user.id).not.toBe(account.sub);
});

test("several groups combine their roles", async ({ page }) => {
  await signInWithSso(page, OIDC_TEST_ACCOUNTS["oidc-admin"].username);
  const me = (await (await page.request.get("/api/me")).json()) as { user: { roles: string[] } };
  expect(me.user.roles).toEqual(["viewer", "approver", "admin"]);
});

test("an SSO user with no mapped group is refused with a clear message", async ({ page }) => {
  await signInWithSso(page, OIDC_TEST_ACCOUNTS["oidc-nobody"].username);
  await expect(page).toHaveURL(/\/login/);
  // (Next's route announcer is also an alert region; match ours by its text.)
  await expect(page.getByRole("alert").filter({ hasText: "no Failover Console role" })).toBeVisible();
  expect((await page.request.get("/api/me")).status()).toBe(401);
});

test("re-authentication is judged by the identity provider's auth_time, not by when the console saw the sign-in", async ({ page }) => {
  // The provider reports Stan's authentication as 10 minutes old (it reused an earlier session of
  // its own). Before, the console stamped "now" at every sign-in, so he counted as freshly signed in.
  await signInWithSso(page, OIDC_TEST_ACCOUNTS["oidc-stale"].username);
  await expect(page.getByTestId("current-user")).toBeVisible();
  const stale = (await (await page.request.get("/api/me")).json()) as { authTime: string | null };
  expect(Date.now() - Date.parse(stale.authTime ?? "1970-01-01T00:00:00Z")).toBeGreaterThan(9 * 60_000);

  await page.context().clearCookies();
  await signInWithSso(page, OIDC_TEST_ACCOUNTS["oidc-approver"].username);
  await expect(page.getByTestId("current-user")).toBeVisible();
  const fresh = (await (await page.request.get("/api/me")).json()) as { authTime: string | null };
  expect(Date.now() - Date.parse(fresh.authTime ?? "1970-01-01T00:00:00Z")).toBeLessThan(2 * 60_000);
});
