import "server-only";
import { randomUUID } from "node:crypto";
import { AccessChangeInput, describeAccessChange, type AccessChange, type AccessChangeParams } from "@/lib/access";
import { hasRole, isRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { loadActor, samePerson } from "@/server/approvals/actor";
import { guarded, Refusal } from "@/server/approvals/refusal";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { newAccountProblem } from "@/server/auth/manage-users";
import { hashPassword } from "@/server/auth/password";
import { findUser, labelOf, LOCAL_PROVIDER, sameRoles, normaliseUsername } from "@/server/auth/users";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { invalidInput } from "@/server/errors";
import { accessHash, toAccessView } from "./rows";

export interface ProposeAccessArgs {
  user: SessionUser;
  input: unknown;
  ttlMinutes: number;
}

type Planned = { targetUserId: string | null; params: AccessChangeParams; passwordHash: string | null };

/**
 * One admin asks for a privilege change; nothing changes until a different admin person approves
 * it (server/access/approve.ts). Refusals are audited as access.refused.
 */
export async function proposeAccessChange(db: Db, clock: Clock, args: ProposeAccessArgs): Promise<AccessChange> {
  const parsed = AccessChangeInput.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error, "access change");
  const input = parsed.data;
  // Hashed before the transaction: scrypt is slow, and the row lock need not wait for it.
  const passwordHash = "password" in input ? await hashPassword(input.password) : null;
  const acting = { actor: { id: args.user.id, name: args.user.name }, proposalId: null, action: AUDIT_ACTIONS.accessRefused, operation: "propose" } as const;
  return guarded(db, clock, acting, async (tx) => {
    const actor = await loadActor(tx, args.user);
    if (actor instanceof Refusal) return actor;
    if (!hasRole(actor.roles, "admin")) return new Refusal("forbidden", "not-admin", "privilege changes need the admin role");
    const planned = await plan(tx, input, passwordHash);
    if (planned instanceof Refusal) return planned;
    const createdAt = clock.now();
    const content = {
      kind: input.kind,
      targetUserId: planned.targetUserId,
      params: JSON.parse(JSON.stringify(planned.params)) as AccessChangeParams,
      passwordHash: planned.passwordHash,
      reason: input.reason,
      proposerId: actor.id,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + args.ttlMinutes * 60_000),
    };
    const row = { id: randomUUID(), ...content, contentHash: accessHash(content), proposerName: actor.name, status: "pending" };
    await tx.insert(tables.accessChanges).values(row);
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: AUDIT_ACTIONS.accessProposed,
      payload: { changeId: row.id, kind: row.kind, targetUserId: row.targetUserId, params: row.params, summary: describeAccessChange(row), reason: row.reason, contentHash: row.contentHash },
    });
    return toAccessView({ ...row, decidedAt: null, decidedBy: null, decidedByName: null, decisionReason: null, resultUserId: null });
  });
}

async function plan(tx: Db, input: AccessChangeInput, passwordHash: string | null): Promise<Planned | Refusal> {
  if (input.kind === "create-account") {
    const problem = await newAccountProblem(tx, input);
    if (problem) return new Refusal("conflict", "account-exists", problem);
    const same = input.samePersonAs ? await findUser(tx, input.samePersonAs) : undefined;
    if (input.samePersonAs && !same) return new Refusal("not_found", "not-found", `no user ${input.samePersonAs}`);
    const params: AccessChangeParams = { username: normaliseUsername(input.username), name: input.name, roles: input.roles, newPassword: true };
    if (same) Object.assign(params, { samePersonAs: same.id, samePersonAsLabel: labelOf(same) });
    return { targetUserId: null, params, passwordHash };
  }
  const target = await findUser(tx, input.userId);
  if (!target) return new Refusal("not_found", "not-found", `no user ${input.userId}`);
  const targetLabel = labelOf(target);
  switch (input.kind) {
    case "set-roles": {
      // Single sign-on roles follow the identity provider's groups at every sign-in.
      if (target.provider !== LOCAL_PROVIDER) return new Refusal("invalid", "idp-roles", `${targetLabel} signs in through single sign-on: its roles come from the identity provider's groups`);
      const previousRoles = target.roles.filter(isRole);
      if (sameRoles(previousRoles, input.roles)) return new Refusal("invalid", "no-change", `${targetLabel} already holds exactly these roles`);
      return { targetUserId: target.id, params: { targetLabel, roles: input.roles, previousRoles }, passwordHash: null };
    }
    case "reset-password":
      if (target.provider !== LOCAL_PROVIDER) return new Refusal("invalid", "idp-password", `${targetLabel} signs in through single sign-on and has no console password`);
      return { targetUserId: target.id, params: { targetLabel, newPassword: true }, passwordHash };
    case "link-person": {
      const other = await findUser(tx, input.samePersonAs);
      if (!other) return new Refusal("not_found", "not-found", `no user ${input.samePersonAs}`);
      if (await samePerson(tx, { id: target.id, personId: target.personId }, other.id)) {
        return new Refusal("invalid", "no-change", `${targetLabel} and ${labelOf(other)} are already the same person`);
      }
      return { targetUserId: target.id, params: { targetLabel, samePersonAs: other.id, samePersonAsLabel: labelOf(other) }, passwordHash: null };
    }
  }
}
