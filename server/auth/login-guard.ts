import "server-only";
import type { NextRequest } from "next/server";
import type { Runtime } from "@/server/runtime";
import { hasNul, NUL_MESSAGE } from "@/server/http/nul";
import { clientIp } from "./client-ip";
import { localAccountKey, lockOf } from "./lockout";
import { loginThrottle } from "./rate-limit";

/**
 * Refuses a credentials login with 429 before the password is checked when the account is locked
 * (lockout.ts: the per-account limiter the approval's password shares), or when the username or
 * the client address has failed five times in the last minute (rate-limit.ts, an extra guard).
 * The body mirrors next-auth's JSON reply (`url` with an `error` parameter) so its `signIn()`
 * client reports the refusal like any other.
 */
export async function guardCredentialsLogin(rt: Pick<Runtime, "db" | "clock">, req: NextRequest): Promise<Response | null> {
  if (req.method !== "POST" || !req.nextUrl.pathname.endsWith("/callback/credentials")) return null;
  const form = await req.clone().formData().catch(() => null);
  const field = form?.get("username");
  const username = typeof field === "string" ? field : "";
  // The throttle and the audit query by username, and PostgreSQL refuses NUL in text.
  if (hasNul(username)) return nulUsernameRefusal(req);
  const lock = await lockOf(rt.db, rt.clock, localAccountKey(username));
  const throttle = lock.locked
    ? { limited: true as const, retryAfterSeconds: lock.retryAfterSeconds }
    : await loginThrottle(rt.db, rt.clock, username, clientIp(req.headers));
  if (!throttle.limited) return null;
  // next-auth's client parses `url`, so it must be absolute, on the host the browser used.
  const proto = req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol.replace(":", "");
  const url = new URL("/login", `${proto}://${req.headers.get("host") ?? req.nextUrl.host}`);
  url.searchParams.set("error", "RateLimited");
  url.searchParams.set("retryAfter", String(throttle.retryAfterSeconds));
  return Response.json(
    {
      url: url.toString(),
      error: {
        code: "rate_limited",
        message: `too many failed logins; try again in ${throttle.retryAfterSeconds} s`,
      },
    },
    { status: 429, headers: { "retry-after": String(throttle.retryAfterSeconds) } },
  );
}

/** A 400 in next-auth's reply shape (its client shows `CredentialsSignin` as a failed login). */
function nulUsernameRefusal(req: NextRequest): Response {
  const proto = req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol.replace(":", "");
  const url = new URL("/login", `${proto}://${req.headers.get("host") ?? req.nextUrl.host}`);
  url.searchParams.set("error", "CredentialsSignin");
  return Response.json({ url: url.toString(), error: { code: "invalid", message: `username ${NUL_MESSAGE}` } }, { status: 400 });
}
