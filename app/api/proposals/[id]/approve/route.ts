import { ApproveInput } from "@/lib/proposals";
import { approveNow } from "@/server/approvals";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** `{ contentHash, password? }`: a different approver, freshly re-authenticated, approves this exact content. */
export const POST = authed<{ id: string }>(["approver"], async ({ req, user, params }) => {
  const input = await readJson(req, ApproveInput);
  return Response.json({ proposal: await approveNow(await getRuntime(), req, user, params.id, input) });
});
