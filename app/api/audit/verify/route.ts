import { verifyAudit } from "@/server/audit";
import { ROLES } from "@/lib/roles";
import { authed } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** Any signed-in role may check the chain: "N/M records valid" and the first broken record. */
export const GET = authed(ROLES, async () => {
  const { db } = await getRuntime();
  return Response.json(await verifyAudit(db));
});
