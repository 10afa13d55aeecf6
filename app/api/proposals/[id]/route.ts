import { ROLES } from "@/lib/roles";
import { getProposal } from "@/server/approvals";
import { authed } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** One proposal with its evidence, hash and decision. */
export const GET = authed<{ id: string }>(ROLES, async ({ params }) => {
  const { db } = await getRuntime();
  return Response.json({ proposal: await getProposal(db, params.id) });
});
