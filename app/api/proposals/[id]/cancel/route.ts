import { DecisionInput } from "@/lib/proposals";
import { cancel } from "@/server/approvals";
import { requireStore } from "@/server/db";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** `{ reason }`: the proposer (or an admin) withdraws the proposal. */
export const POST = authed<{ id: string }>(["operator", "admin"], async ({ req, user, params }) => {
  const input = await readJson(req, DecisionInput);
  const { db, clock, storeHealth } = await getRuntime();
  requireStore(storeHealth);
  return Response.json({ proposal: await cancel(db, clock, { user, proposalId: params.id, input }) });
});
