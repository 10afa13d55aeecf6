import { AuditPageQuery } from "@/lib/audit";
import { ROLES } from "@/lib/roles";
import { listAudit } from "@/server/audit";
import { invalidInput } from "@/server/errors";
import { authed } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

/** Any signed-in role reads the audit log, newest first: `?before=<seq>&limit=<1..500>`. */
export const GET = authed(ROLES, async ({ req }) => {
  const parsed = AuditPageQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) throw invalidInput(parsed.error, "query string");
  const { db } = await getRuntime();
  return Response.json(await listAudit(db, parsed.data));
});
