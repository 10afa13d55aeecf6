// Liveness: the process is up and its event loop answers. No session, no store, no AWS — a
// replica whose store is gone is alive (it keeps showing AWS state) and must not be restarted for it.
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
