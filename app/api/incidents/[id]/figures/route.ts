import { ROLES } from "@/lib/roles";
import { authed } from "@/server/http/route";
import { exportOptions, incidentFigures } from "@/server/incidents";
import { getRuntime } from "@/server/runtime";

/** The recovery figures as of now, each with the records it was computed from (null with the reason when a piece is missing). */
export const GET = authed<{ id: string }>(ROLES, async ({ params }) => {
  const { db, clock, config } = await getRuntime();
  return Response.json(await incidentFigures(db, clock, params.id, exportOptions(config)), { headers: { "cache-control": "no-store" } });
});
