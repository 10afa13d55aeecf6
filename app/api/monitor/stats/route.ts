import { authed } from "@/server/http/route";
import { getMonitor } from "@/server/monitor";

/** How hard the console works its providers: calls and poll cycles since start, and viewers. */
export const GET = authed(["admin"], async () => {
  const monitor = await getMonitor();
  return Response.json(monitor.stats(), { headers: { "cache-control": "no-store" } });
});
