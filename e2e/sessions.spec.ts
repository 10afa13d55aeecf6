import { expect, test, type APIRequestContext } from "@playwright/test";
import { createAccount, DEMO, loginInBrowser, loginWithApi } from "./fixtures/auth";

// Issue 13 bullet 6: a session cookie copied before sign-out (or before an admin ended the
// account's sessions) is replayed from a fresh client that never signed out: it must get 401.

async function sessionCookie(ctx: APIRequestContext): Promise<string> {
  const cookie = (await ctx.storageState()).cookies.find((c) => c.name.endsWith("next-auth.session-token"));
  if (!cookie) throw new Error("no session cookie after sign-in");
  return `${cookie.name}=${cookie.value}`;
}

async function replay(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, cookie: string): Promise<number> {
  const fresh = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { cookie } });
  try {
    return (await fresh.get("/api/me")).status();
  } finally {
    await fresh.dispose();
  }
}

test("a session cookie replayed after an API sign-out gets 401", async ({ playwright }) => {
  const ctx = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect(await loginWithApi(ctx, DEMO.viewer)).toBe(200);
  const cookie = await sessionCookie(ctx);
  expect(await replay(playwright, cookie)).toBe(200);
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  expect((await ctx.post("/api/auth/signout", { form: { csrfToken, json: "true" } })).status()).toBe(200);
  expect(await replay(playwright, cookie)).toBe(401);
  await ctx.dispose();
});

test("a browser's session cookie replayed after it signed out gets 401", async ({ page, context, playwright }) => {
  await loginInBrowser(page, DEMO.operator);
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  if (!cookie) throw new Error("no session cookie after sign-in");
  await page.getByRole("link", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await replay(playwright, `${cookie.name}=${cookie.value}`)).toBe(401);
});

test("an admin ends every session of an account: its cookies get 401, and it can sign in again", async ({ request, playwright }) => {
  await loginWithApi(request, DEMO.admin);
  const target = { username: `revoked${Date.now()}`, password: "the-right-password-1" };
  const user = { id: await createAccount(request, playwright, test.info().project.use.baseURL, { ...target, name: `Revoke target ${Date.now()}`, roles: ["viewer"] }) };
  const ctx = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect(await loginWithApi(ctx, target)).toBe(200);
  const cookie = await sessionCookie(ctx);
  const res = await request.post(`/api/users/${user.id}/sessions/revoke`);
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ userId: user.id, ended: 1 });
  expect(await replay(playwright, cookie)).toBe(401);
  expect((await ctx.get("/api/me")).status()).toBe(401);
  expect(await loginWithApi(ctx, target)).toBe(200);
  expect((await ctx.get("/api/me")).status()).toBe(200);
  await ctx.dispose();
});
