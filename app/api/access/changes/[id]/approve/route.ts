import { AccessApproveInput } from "@/lib/access";
import { approveAccessNow } from "@/server/access";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** `{ contentHash, password? }`: a different admin person, freshly re-authenticated, approves and applies the change. */
export const POST = authed<{ id: string }>(["admin"], async ({ req, user, params }) => {
  const input = await readJson(req, AccessApproveInput);
  return Response.json({ change: await approveAccessNow(await getRuntime(), req, user, params.id, input) });
});
