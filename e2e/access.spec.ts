import { expect, test } from "@playwright/test";
import { DEMO, loginInBrowser, loginWithApi } from "./fixtures/auth";

// Issue 13: one admin could create a second account with the approver role (POST /api/users),
// sign in as it and approve her own failover. Creating accounts is now a two-person act.

test("the sock puppet through the API: an admin's new account does not exist until a different admin approves it", async ({ request, playwright }) => {
  await loginWithApi(request, DEMO.admin);
  const puppet = { username: `puppet${Date.now()}`, name: `Pat Puppet ${Date.now()}`, password: "puppet-password-123", roles: ["viewer", "approver"] };
  const proposed = await request.post("/api/users", { data: puppet });
  expect(proposed.status()).toBe(202);
  const { change } = (await proposed.json()) as { change: { id: string; contentHash: string; status: string } };
  expect(change.status).toBe("pending");
  // Before: 201 and the account signed in at once.
  const anon = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { connection: "close" } });
  expect(await loginWithApi(anon, puppet)).toBe(401);
  const self = await request.post(`/api/access/changes/${change.id}/approve`, { data: { contentHash: change.contentHash, password: DEMO.admin.password } });
  expect(self.status()).toBe(403);
  expect(await self.json()).toMatchObject({ error: { reason: "self-approval" } });
  expect(await loginWithApi(anon, puppet)).toBe(401);
  await request.post(`/api/access/changes/${change.id}/cancel`, { data: {} });
  await anon.dispose();
});

test("display names are unique: nobody gets an account named like a real approver", async ({ request }) => {
  await loginWithApi(request, DEMO.admin);
  const res = await request.post("/api/users", { data: { username: `adam${Date.now()}`, name: DEMO.approver.name, password: "a-long-enough-password", roles: ["approver"] } });
  expect(res.status()).toBe(409);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/already named "Adam Approver"/);
});

test("in the browser: Ada proposes an account, cannot approve it herself, and Avery approves it", async ({ page, browser }) => {
  const username = `drill${Date.now()}`;
  await loginInBrowser(page, DEMO.admin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Access" }).click();
  await expect(page.getByRole("heading", { name: "Access", level: 1 })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Display name (unique)").fill(`Drill Person ${username}`);
  await page.getByLabel("Initial password (at least 12 characters)").fill("drill-person-password");
  await page.getByRole("group", { name: "Roles" }).getByLabel("approver", { exact: true }).check();
  await page.getByLabel("Reason").fill("a drill participant for today's game day");
  await page.getByRole("button", { name: "Propose change" }).click();
  const card = page.getByRole("article").filter({ hasText: `(${username})` });
  await expect(card).toContainText("You proposed this: a different admin person must approve it.");
  await expect(card.getByRole("button", { name: "Approve change" })).toHaveCount(0);

  const second = await browser.newContext();
  const avery = await second.newPage();
  await loginInBrowser(avery, DEMO.secondAdmin);
  await avery.goto("/access");
  const toApprove = avery.getByRole("article").filter({ hasText: `(${username})` });
  await toApprove.getByLabel("Your password (re-authentication)").fill(DEMO.secondAdmin.password);
  await toApprove.getByRole("button", { name: "Approve change" }).click();
  await expect(avery.getByRole("region", { name: "Recent decisions" }).getByRole("article").filter({ hasText: `(${username})` })).toContainText("approved by Avery Admin (avery)");
  await expect(avery.getByRole("cell", { name: `Drill Person ${username} (${username})`, exact: true })).toBeVisible();
  await second.close();
});
