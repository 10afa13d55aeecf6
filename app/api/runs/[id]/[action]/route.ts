import { RunAction, RunActionInput } from "@/lib/runs";
import { ServiceError } from "@/server/errors";
import { authed, readJson } from "@/server/http/route";
import { controlNow } from "@/server/runbooks";
import { getRuntime } from "@/server/runtime";

/**
 * POST /api/runs/:id/pause | resume | abort | retry, body `{ "reason": "..." }` (required for abort).
 * Operators and approvers; the domain re-checks the role against the database and audits refusals.
 * Resume and retry are refused (409, reason `second-person` or `preconditions`) and leave a
 * continuation request when the approval is older than the proposal TTL or the preconditions
 * broke: a different approver then POSTs /api/runs/:id/approve-continue.
 */
export const POST = authed<{ id: string; action: string }>(["operator", "approver"], async ({ req, user, params }) => {
  const action = RunAction.safeParse(params.action);
  if (!action.success) throw new ServiceError("not_found", `no run action "${params.action}": expected pause, resume, abort or retry`);
  const input = req.headers.get("content-length") === "0" ? {} : await readJson(req, RunActionInput);
  return Response.json({ run: await controlNow(await getRuntime(), user, params.id, action.data, input) });
});
