import { sessionAuthTime } from "@/server/auth/session";
import { authed } from "@/server/http/route";

/**
 * The signed-in user and roles, for the header and for scripts checking who they are, and when the
 * session last proved who they are (a password now, or the identity provider's auth_time): an
 * approval needs that under 5 minutes old.
 */
export const GET = authed([], async ({ req, user }) => {
  const authTime = await sessionAuthTime(req);
  return Response.json({ user, authTime: authTime?.toISOString() ?? null });
});
