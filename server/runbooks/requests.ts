import "server-only";
import type { NextRequest } from "next/server";
import type { ContinueApproveInput, Run, RunAction } from "@/lib/runs";
import type { SessionUser } from "@/lib/session";
import { reauthOf } from "@/server/approvals/requests";
import { requireStore } from "@/server/db";
import type { Runtime } from "@/server/runtime";
import { approveContinuation } from "./continue";
import { controlRun } from "./control";
import type { FreshEyes } from "./fresh-eyes";

/** What resume and retry re-check, from the running console: its TTL, its monitor's view, a fresh read of both regions. */
export function freshEyesOf(rt: Runtime): FreshEyes {
  return {
    ttlMs: rt.config.proposals.ttlMinutes * 60_000,
    view: () => rt.monitor.snapshot(),
    world: () => rt.executor.worldNow(),
  };
}

export async function controlNow(rt: Runtime, user: SessionUser, runId: string, action: RunAction, input: unknown): Promise<Run> {
  requireStore(rt.storeHealth);
  return controlRun(rt.db, rt.clock, rt.runSignals, { user, runId, action, input, fresh: freshEyesOf(rt) });
}

/** A second approver lets a stopped run go on, re-authenticated exactly as for approving a proposal. */
export async function approveContinuationNow(rt: Runtime, req: NextRequest, user: SessionUser, runId: string, input: ContinueApproveInput): Promise<Run> {
  requireStore(rt.storeHealth);
  const reauth = await reauthOf(rt, req, user, input.password);
  return approveContinuation(rt.db, rt.clock, rt.runSignals, { user, runId, input, reauth, fresh: freshEyesOf(rt), coolingOffMs: rt.config.approvals.coolingOffHours * 3_600_000 });
}
