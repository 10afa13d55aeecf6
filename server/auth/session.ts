import "server-only";
import { eq } from "drizzle-orm";
import { getToken } from "next-auth/jwt";
import { headers } from "next/headers";
import { NextRequest } from "next/server";
import { isRole, type Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { tables } from "@/server/db";
import { ServiceError } from "@/server/errors";
import { getRuntime } from "@/server/runtime";
import { LastKnownSessions } from "./last-known";
import { labelOf } from "./users";
import { sessionActive } from "./sessions";

/** Sessions as last confirmed by the store, for reads while it is unreachable (./last-known.ts). */
const lastKnown = new LastKnownSessions();

/**
 * Reads the session token from the request's cookies and loads the user it names. Roles come
 * from the store, not the token, so a disabled user or a changed role takes effect at once.
 */
export async function sessionUser(req: NextRequest): Promise<SessionUser | null> {
  const rt = await getRuntime();
  const token = await getToken({ req, secret: rt.authSecret, secureCookie: rt.secureCookies });
  if (!token?.sub) return null;
  const sub = token.sub;
  return lastKnown.resolve(`${String(token.sid)}:${sub}`, async () => {
    // The cookie must name a live server-side session: signed out, revoked or pre-upgrade tokens are refused.
    if (!(await sessionActive(rt.db, rt.clock, token))) return null;
    const [row] = await rt.db.select().from(tables.users).where(eq(tables.users.id, sub));
    if (!row || row.disabled) return null;
    return {
      id: row.id,
      username: row.username,
      name: labelOf(row),
      provider: row.provider,
      roles: row.roles.filter(isRole),
    };
  });
}

/**
 * Every route handler calls this itself (the proxy is not a security boundary). With no roles
 * given, any console role may pass; otherwise the user must hold at least one of them.
 */
export async function requireUser(req: NextRequest, anyOf: readonly Role[] = []): Promise<SessionUser> {
  const user = await sessionUser(req);
  if (!user) throw new ServiceError("unauthenticated", "sign in to use the console");
  if (user.roles.length === 0) throw new ServiceError("forbidden", "your account holds no console role");
  if (anyOf.length > 0 && !anyOf.some((r) => user.roles.includes(r))) {
    throw new ServiceError("forbidden", `this needs the ${anyOf.join(" or ")} role`);
  }
  return user;
}

/** When the session's user last proved who they are (sign-in time), for re-authentication rules. */
export async function sessionAuthTime(req: NextRequest): Promise<Date | null> {
  const rt = await getRuntime();
  const token = await getToken({ req, secret: rt.authSecret, secureCookie: rt.secureCookies });
  return typeof token?.authTime === "number" ? new Date(token.authTime * 1000) : null;
}

/** For server components and pages: the same check, from the incoming request's headers. */
export async function currentUser(): Promise<SessionUser | null> {
  const h = await headers();
  return sessionUser(new NextRequest("http://console.internal/", { headers: h }));
}
