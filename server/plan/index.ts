import "server-only";

/** The failover plan, evaluated all the time (issue 15 §7). See README.md in this folder. */
export { PlanEvaluator, CLAIM_STALE_MS, type PlanEvaluatorDeps } from "./evaluator";
export { runPlanChecks, summarise, type PlanTarget } from "./checks";
export { readPlanRow } from "./rows";
