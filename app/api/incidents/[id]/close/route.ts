import { CloseInput } from "@/lib/incidents";
import { authed, readJson } from "@/server/http/route";
import { closeIncident } from "@/server/incidents";
import { getRuntime } from "@/server/runtime";

/** An operator closes the open incident; the body `{ resolution? }` is optional. */
export const POST = authed<{ id: string }>(["operator"], async ({ req, user, params }) => {
  const input = req.headers.get("content-length") === "0" || !req.body ? {} : await readJson(req, CloseInput);
  const { db, clock } = await getRuntime();
  return Response.json({ incident: await closeIncident(db, clock, { user, id: params.id, input }) });
});
