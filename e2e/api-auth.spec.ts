import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { expect, test } from "@playwright/test";
import { createAccount, DEMO, loginWithApi } from "./fixtures/auth";

// Every route handler under app/api, found on disk, so a new route is covered without editing this.
const API_DIR = join(process.cwd(), "app", "api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
// Health endpoints answer load balancers and container probes without a session (README "Health endpoints").
const PUBLIC = [/^\/api\/auth\//, /^\/api\/health(\/live|\/ready)?$/];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? routeFiles(path) : name === "route.ts" ? [path] : [];
  });
}

/** `app/api/runs/[id]/pause/route.ts` → `/api/runs/some-id/pause`; catch-alls get a sample segment. */
function urlFor(file: string): string {
  const segments = relative(join(process.cwd(), "app"), file).split(sep).slice(0, -1);
  return "/" + segments.map((s) => (s.startsWith("[...") ? "some/path" : s.startsWith("[") ? "some-id" : s)).join("/");
}

function exportedMethods(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return METHODS.filter((m) => new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b|\\bas ${m}\\b`).test(source));
}

const routes = routeFiles(API_DIR).map((file) => ({ url: urlFor(file), methods: exportedMethods(file) }));

test("the route inventory is not empty", () => {
  expect(routes.length).toBeGreaterThan(3);
  expect(routes.flatMap((r) => r.methods).length).toBeGreaterThan(routes.length - 1);
});

for (const { url, methods } of routes) {
  if (PUBLIC.some((p) => p.test(url))) continue;
  for (const method of methods) {
    test(`anonymous ${method} ${url} gets 401`, async ({ request }) => {
      const res = await request.fetch(url, { method, data: method === "GET" ? undefined : {} });
      expect(res.status()).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthenticated" } });
    });
  }
}

test("liveness answers without a session", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});

test.describe("signed in", () => {
  test("an unknown API route is a JSON 404", async ({ request }) => {
    await loginWithApi(request, DEMO.viewer);
    const res = await request.get("/api/no-such-thing");
    expect(res.status()).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  test("a role the route does not allow gets 403", async ({ request }) => {
    await loginWithApi(request, DEMO.operator);
    const res = await request.get("/api/users");
    expect(res.status()).toBe(403);
  });

  test("malformed JSON and a wrong shape are 400s naming the problem, and nothing is written", async ({ request }) => {
    await loginWithApi(request, DEMO.admin);
    // By name, not by count: the specs alongside create accounts of their own.
    const usernames = async () => ((await (await request.get("/api/users")).json()) as { users: { username: string | null }[] }).users.map((u) => u.username);
    expect(await usernames()).toContain("ada");
    const broken = await request.post("/api/users", { data: Buffer.from("{not json"), headers: { "content-type": "application/json" } });
    expect(broken.status()).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: "invalid", message: "request body is not valid JSON" } });
    const wrong = await request.post("/api/users", { data: { username: "x1", name: "X", password: "short", roles: ["viewer"] } });
    expect(wrong.status()).toBe(400);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/password: at least 12 characters/);
    expect(await usernames()).not.toContain("x1");
  });

  test("an admin proposes a local user, a second admin approves, and it can then sign in", async ({ request, playwright }) => {
    await loginWithApi(request, DEMO.admin);
    await createAccount(request, playwright, test.info().project.use.baseURL, { username: "breakglass1", name: "Break Glass", password: "a-long-break-glass-pass", roles: ["approver"] });
    const other = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    expect(await loginWithApi(other, { username: "breakglass1", password: "a-long-break-glass-pass" })).toBe(200);
    expect(await (await other.get("/api/me")).json()).toMatchObject({ user: { roles: ["approver"] } });
    await other.dispose();
  });
});

test.describe("audit log", () => {
  test("logins and drills are recorded, and the chain verifies", async ({ request }) => {
    await loginWithApi(request, DEMO.admin);
    const page = (await (await request.get("/api/audit?limit=100")).json()) as { records: { action: string; actorName: string; hash: string | null }[] };
    expect(page.records.some((r) => r.action === "auth.login" && r.actorName === "Ada Admin (ada)")).toBe(true);
    expect(page.records.every((r) => typeof r.hash === "string" && r.hash.length === 64)).toBe(true);
    const verify = (await (await request.get("/api/audit/verify")).json()) as { ok: boolean; valid: number; total: number };
    expect(verify.ok).toBe(true);
    expect(verify.valid).toBe(verify.total);
    expect(verify.total).toBeGreaterThan(0);
  });

  test("a bad page parameter is a 400 naming it", async ({ request }) => {
    await loginWithApi(request, DEMO.viewer);
    const res = await request.get("/api/audit?limit=100000");
    expect(res.status()).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/limit/);
  });
});
