import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { DEMO, loginInBrowser, loginWithApi } from "./fixtures/auth";
import { WEBHOOK_PORT, WEBHOOK_SECRET } from "./fixtures/webhook";

// Issue 15 §5: an admin's test notification reaches a real receiver as a signed webhook, verified
// the way README "Verifying a signed webhook" says, and the delivery log shows it delivered.

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The README's verification, as a receiver would write it. */
function verifies(secret: string, headers: IncomingHttpHeaders, rawBody: string, nowMs = Date.now()): boolean {
  const ts = Number(headers["x-console-timestamp"]);
  if (!Number.isInteger(ts) || Math.abs(nowMs - ts * 1000) > 5 * 60_000) return false;
  const expected = Buffer.from(`v1=${createHmac("sha256", secret).update(`${ts}.${rawBody}`).digest("hex")}`);
  const given = Buffer.from(String(headers["x-console-signature"] ?? ""));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let receiver: Server;
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(WEBHOOK_PORT, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

test("an admin's test notification arrives signed at the webhook, and the delivery log says delivered", async ({ page }) => {
  await loginInBrowser(page, DEMO.admin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  const before = received.length;
  await page.getByRole("button", { name: "Send a test notification" }).click();
  await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(before);

  const hook = received.at(-1);
  if (!hook) throw new Error("nothing received");
  expect(hook.headers["x-console-event"]).toBe("test");
  expect(verifies(WEBHOOK_SECRET, hook.headers, hook.body)).toBe(true);
  // A tampered body or another key does not verify.
  expect(verifies(WEBHOOK_SECRET, hook.headers, hook.body.replace("test", "tset"))).toBe(false);
  expect(verifies("another-secret-0123456789abcdef0123", hook.headers, hook.body)).toBe(false);
  expect(JSON.parse(hook.body)).toMatchObject({ kind: "test" });

  // The delivery log's row (the destinations table above also names e2e-hook).
  const row = page.getByRole("row").filter({ hasText: "audit #" }).filter({ hasText: "e2e-hook" }).first();
  await expect(row).toContainText("Delivered", { timeout: 15_000 });

  // One test a minute, console-wide: a second click pages nobody and says when it may go.
  await page.getByRole("button", { name: "Send a test notification" }).click();
  await expect(page.getByText(/sent a test notification less than a minute ago; the next may go in \d+ s/)).toBeVisible();
});

test("the delivery log is for admins only", async ({ page, request }) => {
  await loginWithApi(request, DEMO.operator);
  expect((await request.get("/api/notifications")).status()).toBe(403);
  expect((await request.post("/api/notifications/test", { data: {} })).status()).toBe(403);
  await loginInBrowser(page, DEMO.operator);
  await page.goto("/notifications");
  await expect(page.getByText("This page needs the admin role.")).toHaveAttribute("role", "alert");
});
