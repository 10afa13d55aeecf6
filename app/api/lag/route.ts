import { LagRange, type LagSeries } from "@/lib/lag";
import { invalidInput } from "@/server/errors";
import { authed } from "@/server/http/route";
import { lagSeries } from "@/server/monitor";
import { getRuntime } from "@/server/runtime";

/** Stored lag samples for the chart: `?range=15m|1h|6h` (default 15m). */
export const GET = authed([], async ({ req }) => {
  const parsed = LagRange.safeParse(req.nextUrl.searchParams.get("range") ?? "15m");
  if (!parsed.success) throw invalidInput(parsed.error, "query parameter range");
  const { db, clock, config } = await getRuntime();
  const body: LagSeries = { range: parsed.data, budgetMs: config.replication.lagBudgetMs, points: await lagSeries(db, clock.now(), parsed.data) };
  return Response.json(body, { headers: { "cache-control": "no-store" } });
});
