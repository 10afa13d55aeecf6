import { IncidentUpdate } from "@/lib/incidents";
import { ROLES } from "@/lib/roles";
import { authed, readJson } from "@/server/http/route";
import { getIncidentDetail, updateIncident } from "@/server/incidents";
import { getRuntime } from "@/server/runtime";

/** The incident and its notes. */
export const GET = authed<{ id: string }>(ROLES, async ({ params }) => {
  const { db } = await getRuntime();
  return Response.json(await getIncidentDetail(db, params.id), { headers: { "cache-control": "no-store" } });
});

/** An operator changes `{ title?, severity?, commanderId? }` of the open incident (taking command of an automatic one). */
export const PATCH = authed<{ id: string }>(["operator"], async ({ req, user, params }) => {
  const input = await readJson(req, IncidentUpdate);
  const { db, clock } = await getRuntime();
  return Response.json({ incident: await updateIncident(db, clock, { user, id: params.id, input }) });
});
