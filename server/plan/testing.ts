import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { unfenced } from "@/server/leader";
import { PlanEvaluator, type PlanEvaluatorDeps } from "./evaluator";

/** A plan evaluator for tests: alone on its store (unfenced), checks that pass unless `check` is given. */
export function testPlanEvaluator(db: Db, clock: Clock, overrides: Partial<PlanEvaluatorDeps> = {}): PlanEvaluator {
  return new PlanEvaluator({
    db,
    clock,
    replica: "test",
    asLeader: unfenced(db),
    intervalMinutes: 30,
    refreshMs: 10_000,
    cooldownMs: 0,
    check: async () => [{ region: "us-east-1", service: "rds", check: "global cluster", result: "OK", latencyMs: 1, detail: "ok" }],
    ...overrides,
  });
}
