import { expect, test } from "@playwright/test";
import { DEMO, loginInBrowser, loginWithApi } from "./fixtures/auth";

test.describe("signing in with the demo users", () => {
  for (const [role, user] of Object.entries(DEMO)) {
    test(`the ${role} signs in and sees their name and roles in the header`, async ({ page }) => {
      await loginInBrowser(page, user);
      // The username beside the name, as in every record: a display name alone can be chosen by anyone.
      await expect(page.getByTestId("current-user")).toHaveText(`${user.name} (${user.username})`);
      const roles = page.getByTestId("current-roles");
      for (const r of user.roles) await expect(roles).toContainText(r);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("us-east-1");
    });
  }

  test("a wrong password gets the generic message and no session", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Username", { exact: true }).fill(DEMO.viewer.username);
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Invalid username or password." })).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("signing out ends the session", async ({ page }) => {
    await loginInBrowser(page, DEMO.operator);
    await page.getByRole("link", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    const me = await page.request.get("/api/me");
    expect(me.status()).toBe(401);
  });

  test("scripts sign in through next-auth's CSRF + credentials flow", async ({ request }) => {
    expect(await loginWithApi(request, DEMO.approver)).toBe(200);
    const me = await request.get("/api/me");
    expect(await me.json()).toMatchObject({ user: { username: "adam", roles: ["viewer", "approver"] } });
  });

  test("a visitor without a session is sent to the login page", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2F/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });
});
