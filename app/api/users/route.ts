import { NewLocalUser } from "@/lib/users";
import { createLocalUser, listUsers } from "@/server/auth/manage-users";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** Admins list every console user (local and OIDC); no password hash ever leaves the server. */
export const GET = authed(["admin"], async () => {
  const { db } = await getRuntime();
  return Response.json({ users: await listUsers(db) });
});

/** Admins create local accounts: break-glass access that works when the identity provider does not. */
export const POST = authed(["admin"], async ({ req, user }) => {
  const input = await readJson(req, NewLocalUser);
  const { db, clock } = await getRuntime();
  return Response.json({ user: await createLocalUser(db, clock, user, input) }, { status: 201 });
});
