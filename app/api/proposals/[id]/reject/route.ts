import { DecisionInput } from "@/lib/proposals";
import { reject } from "@/server/approvals";
import { requireStore } from "@/server/db";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** `{ reason }`: any approver's rejection ends the proposal. */
export const POST = authed<{ id: string }>(["approver"], async ({ req, user, params }) => {
  const input = await readJson(req, DecisionInput);
  const { db, clock, storeHealth } = await getRuntime();
  requireStore(storeHealth);
  return Response.json({ proposal: await reject(db, clock, { user, proposalId: params.id, input }) });
});
