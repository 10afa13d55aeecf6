import { listAccessChanges } from "@/server/access";
import { listUsers } from "@/server/auth/manage-users";
import { authed } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** Admins see every account (with its person) and the privilege changes proposed, pending first. */
export const GET = authed(["admin"], async () => {
  const { db } = await getRuntime();
  const [users, changes] = await Promise.all([listUsers(db), listAccessChanges(db)]);
  return Response.json({ users, changes });
});
