import { z } from "zod";
import { NewLocalUser } from "@/lib/users";
import { proposeAccessNow } from "@/server/access";
import { listUsers } from "@/server/auth/manage-users";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** Admins list every console user (local and OIDC) with its person; no password hash ever leaves the server. */
export const GET = authed(["admin"], async () => {
  const { db } = await getRuntime();
  return Response.json({ users: await listUsers(db) });
});

/**
 * Asks for a local account (break-glass access that works when the identity provider does not).
 * Creating an account is a privilege change: it is proposed here (202, the pending change) and
 * applied only when a different admin person approves it (POST /api/access/changes/:id/approve).
 */
export const POST = authed(["admin"], async ({ req, user }) => {
  const input = await readJson(req, NewLocalUser.extend({ reason: z.string().trim().max(2000).optional() }));
  const { reason, ...account } = input;
  const change = await proposeAccessNow(await getRuntime(), user, { kind: "create-account", ...account, reason: reason || `new local account ${account.username}` });
  return Response.json({ change }, { status: 202 });
});
