import { AccessChangeInput } from "@/lib/access";
import { proposeAccessNow } from "@/server/access";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** An admin proposes a privilege change; it applies only when a different admin person approves it. */
export const POST = authed(["admin"], async ({ req, user }) => {
  const input = await readJson(req, AccessChangeInput);
  return Response.json({ change: await proposeAccessNow(await getRuntime(), user, input) }, { status: 202 });
});
