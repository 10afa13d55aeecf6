import "server-only";
import type { NextRequest } from "next/server";
import type { AccessApproveInput, AccessChange } from "@/lib/access";
import type { SessionUser } from "@/lib/session";
import { reauthOf } from "@/server/approvals/requests";
import type { Runtime } from "@/server/runtime";
import { approveAccessChange } from "./approve";
import { proposeAccessChange } from "./propose";

/** Proposes with the console's proposal TTL: a privilege change nobody approves lapses like a failover. */
export function proposeAccessNow(rt: Runtime, user: SessionUser, input: unknown): Promise<AccessChange> {
  return proposeAccessChange(rt.db, rt.clock, { user, input, ttlMinutes: rt.config.proposals.ttlMinutes });
}

/** Approves after the same re-authentication a failover approval needs (password now, or a fresh SSO sign-in). */
export async function approveAccessNow(rt: Runtime, req: NextRequest, user: SessionUser, changeId: string, input: AccessApproveInput): Promise<AccessChange> {
  const reauth = await reauthOf(rt, req, user, input.password);
  const { change } = await approveAccessChange(rt.db, rt.clock, { user, changeId, input, reauth, coolingOffMs: rt.config.approvals.coolingOffHours * 3_600_000 });
  return change;
}
