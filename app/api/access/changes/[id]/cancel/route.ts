import { AccessDecisionInput } from "@/lib/access";
import { decideAccessChange } from "@/server/access";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** `{ reason? }`: the proposer withdraws a pending change. */
export const POST = authed<{ id: string }>(["admin"], async ({ req, user, params }) => {
  const input = await readJson(req, AccessDecisionInput);
  const { db, clock } = await getRuntime();
  return Response.json({ change: await decideAccessChange(db, clock, { user, changeId: params.id, input, decision: "cancel" }) });
});
