import { expect, test } from "@playwright/test";
import { createAccount, DEMO, loginInBrowser, loginWithApi } from "./fixtures/auth";

test("pages carry a CSP that forbids framing, and no x-powered-by", async ({ request }) => {
  const res = await request.get("/login");
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(res.headers()["x-powered-by"]).toBeUndefined();
  expect(res.headers()["x-frame-options"]).toBe("DENY");
});

test("the page runs under its CSP without violations", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await loginInBrowser(page, DEMO.viewer);
  expect(violations).toEqual([]);
});

test("the session cookie is httpOnly and SameSite=Lax", async ({ page, context }) => {
  await loginInBrowser(page, DEMO.viewer);
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

test("a mutating request from another origin is refused", async ({ request }) => {
  await loginWithApi(request, DEMO.admin);
  const res = await request.post("/api/users", {
    headers: { origin: "https://attacker.example" },
    data: { username: "csrf1", name: "CSRF", password: "a-long-enough-password", roles: ["admin"] },
  });
  expect(res.status()).toBe(403);
  const users = (await (await request.get("/api/users")).json()) as { users: { username: string }[] };
  expect(users.users.map((u) => u.username)).not.toContain("csrf1");
});

// Each scenario uses its own client address (the e2e config trusts X-Forwarded-For) so these
// deliberate failures do not throttle the other tests' logins.
test("the sixth failed login for one user within a minute gets 429", async ({ request, playwright }) => {
  // A user of this test's own, so no other test's failures for it count.
  await loginWithApi(request, DEMO.admin);
  const target = { username: `throttled${Date.now()}`, password: "the-right-password-1" };
  await createAccount(request, playwright, test.info().project.use.baseURL, { ...target, name: `Throttle target ${Date.now()}`, roles: ["viewer"] });
  const anon = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    statuses.push(await loginWithApi(anon, { ...target, password: "wrong" }, { "x-forwarded-for": `198.51.100.${10 + i}` }));
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  // Even the right password is refused while the user is throttled.
  expect(await loginWithApi(anon, target, { "x-forwarded-for": "198.51.100.99" })).toBe(429);
  await anon.dispose();
});

test("the sixth failed login from one address within a minute gets 429", async ({ request }) => {
  const headers = { "x-forwarded-for": "203.0.113.50" };
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push(await loginWithApi(request, { username: `ghost${i}`, password: "wrong" }, headers));
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
});
