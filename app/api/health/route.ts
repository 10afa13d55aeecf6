// Liveness only: answers without a session and says nothing about the regions or the store.
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
