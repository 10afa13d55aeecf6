import { ROLES } from "@/lib/roles";
import { authed } from "@/server/http/route";
import { timelineResponse } from "@/server/incidents";
import { getRuntime } from "@/server/runtime";

/**
 * One page of the merged timeline, oldest first: `?kind=signal,finding,audit,note&region=&severity=critical,warning,info&after=<cursor>&limit=<1..1000>`.
 * Pass `nextCursor` back as `after` for the next page, or to poll while the incident is open.
 */
export const GET = authed<{ id: string }>(ROLES, async ({ req, params }) => {
  const page = await timelineResponse(await getRuntime(), params.id, req.nextUrl.searchParams);
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
