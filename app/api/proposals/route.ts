import { ProposalInput } from "@/lib/proposals";
import { proposeNow } from "@/server/approvals";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** An operator proposes `{ runbook, targetRegion, reason, dataLossAck? }`; a different person must approve. */
export const POST = authed(["operator"], async ({ req, user }) => {
  const input = await readJson(req, ProposalInput);
  return Response.json({ proposal: await proposeNow(await getRuntime(), user, input) }, { status: 201 });
});
