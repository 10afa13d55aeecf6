import "server-only";
import { sql } from "drizzle-orm";
import { getRuntime } from "@/server/runtime";
import { checkReadiness, type ReadinessReport } from "./ready";

export { checkReadiness, type ReadinessDeps, type ReadinessReport, type StoreReach } from "./ready";

/** Long enough for a store across regions, short enough that a load balancer's probe does not time out first. */
export const READY_TIMEOUT_MS = 2_000;

/** This process's readiness (GET /api/health/ready). */
export async function readiness(): Promise<ReadinessReport> {
  const rt = await getRuntime();
  return checkReadiness({
    pingStore: async () => {
      await rt.db.execute(sql`select 1`);
    },
    // Who leads, and whether this replica does (issue 14 §2): a follower is ready too — it serves reads.
    leadership: () => rt.leadership.view(),
    timeoutMs: READY_TIMEOUT_MS,
    now: () => performance.now(),
  });
}
