import { ContinueApproveInput } from "@/lib/runs";
import { authed, readJson } from "@/server/http/route";
import { approveContinuationNow } from "@/server/runbooks";
import { getRuntime } from "@/server/runtime";

/**
 * `{ requestId, password? }`: an approver other than the one who asked, freshly re-authenticated,
 * lets a stopped run go on (its pending continuation request). Refused while the preconditions block.
 */
export const POST = authed<{ id: string }>(["approver"], async ({ req, user, params }) => {
  const input = await readJson(req, ContinueApproveInput);
  return Response.json({ run: await approveContinuationNow(await getRuntime(), req, user, params.id, input) });
});
