import { endUserSessions } from "@/server/auth/manage-users";
import { authed } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** Admins end every session of one account at once: its cookies stop working on the next request. */
export const POST = authed<{ id: string }>(["admin"], async ({ user, params }) => {
  const { db, clock } = await getRuntime();
  return Response.json(await endUserSessions(db, clock, user, params.id));
});
