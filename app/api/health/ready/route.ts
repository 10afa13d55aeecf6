import { readiness } from "@/server/health";

// Readiness: 200 when the store answers, else 503, with who leads. No session; never calls AWS.
export async function GET(): Promise<Response> {
  const report = await readiness();
  return Response.json(report, { status: report.status === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
