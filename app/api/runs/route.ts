import { z } from "zod";
import { ROLES } from "@/lib/roles";
import { invalidInput } from "@/server/errors";
import { authed } from "@/server/http/route";
import { listRuns } from "@/server/runbooks";
import { getRuntime } from "@/server/runtime";

const Query = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** Recent runs, newest first, with their steps: `?limit=<1..100>` (default 20). */
export const GET = authed(ROLES, async ({ req }) => {
  const parsed = Query.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) throw invalidInput(parsed.error, "query string");
  const { db } = await getRuntime();
  return Response.json({ runs: await listRuns(db, parsed.data.limit) });
});
