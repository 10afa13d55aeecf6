import type { PlanEvaluateResponse } from "@/lib/plan";
import { authed } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/**
 * Runs the failover plan's checks now (admins): audited, refused with 409 while another run is
 * going on (on any replica), answered with the result once the checks are done.
 */
export const POST = authed(["admin"], async ({ user }) => {
  const rt = await getRuntime();
  const body: PlanEvaluateResponse = { result: await rt.plan.evaluateNow(user) };
  return Response.json(body, { headers: { "cache-control": "no-store" } });
});
