import { IncidentInput } from "@/lib/incidents";
import { ROLES } from "@/lib/roles";
import { authed, readJson } from "@/server/http/route";
import { declare, listIncidents, parseListQuery } from "@/server/incidents";
import { getRuntime } from "@/server/runtime";

/** An operator declares `{ title, severity?, commanderId? }`; one open incident at a time (409 names it). */
export const POST = authed(["operator"], async ({ req, user }) => {
  const input = await readJson(req, IncidentInput);
  const { db, clock } = await getRuntime();
  return Response.json({ incident: await declare(db, clock, { user, input }) }, { status: 201 });
});

/** Recent incidents, newest first: `?status=open|closed&limit=<1..100>` (default 20). */
export const GET = authed(ROLES, async ({ req }) => {
  const query = parseListQuery(req.nextUrl.searchParams);
  const { db } = await getRuntime();
  return Response.json({ incidents: await listIncidents(db, query) }, { headers: { "cache-control": "no-store" } });
});
