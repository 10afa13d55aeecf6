import { authed } from "@/server/http/route";
import { listDeliveries } from "@/server/notifications";
import { getRuntime } from "@/server/runtime";

/** The notification delivery log and the destinations (never their URLs or keys): admins only. */
export const GET = authed(["admin"], async () => {
  const rt = await getRuntime();
  return Response.json(await listDeliveries(rt.db, rt.notifications.destinations), { headers: { "cache-control": "no-store" } });
});
