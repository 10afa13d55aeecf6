import { z } from "zod";
import { ProposalInput } from "@/lib/proposals";
import { ROLES } from "@/lib/roles";
import { listProposals, proposeNow } from "@/server/approvals";
import { invalidInput } from "@/server/errors";
import { authed, readJson } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** An operator proposes `{ runbook, targetRegion, reason, dataLossAck? }`; a different person must approve. */
export const POST = authed(["operator"], async ({ req, user }) => {
  const input = await readJson(req, ProposalInput);
  return Response.json({ proposal: await proposeNow(await getRuntime(), user, input) }, { status: 201 });
});

const Query = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** Recent proposals, newest first, each with its approval and run id: `?limit=<1..100>` (default 20). */
export const GET = authed(ROLES, async ({ req }) => {
  const parsed = Query.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) throw invalidInput(parsed.error, "query string");
  const { db } = await getRuntime();
  return Response.json({ proposals: await listProposals(db, parsed.data.limit) });
});
