import { authed } from "@/server/http/route";
import { getMonitor } from "@/server/monitor";

/** The single pane's snapshot, from the monitor's cache: it never waits on a region. */
export const GET = authed([], async () => {
  const monitor = await getMonitor();
  return new Response(monitor.snapshotJson(), {
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
});
