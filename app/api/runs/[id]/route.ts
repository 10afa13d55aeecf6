import { ROLES } from "@/lib/roles";
import { authed } from "@/server/http/route";
import { getRun } from "@/server/runbooks";
import { getRuntime } from "@/server/runtime";

/** One run: its status, epoch, RPO estimate and every step's status, attempts, timing, detail and error. */
export const GET = authed<{ id: string }>(ROLES, async ({ params }) => {
  const { db } = await getRuntime();
  return Response.json({ run: await getRun(db, params.id) });
});
