import "server-only";
import { eq } from "drizzle-orm";
import { AccessApproveInput, describeAccessChange, type AccessChange } from "@/lib/access";
import { hasRole, isRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { coolingOff, DEFAULT_COOLING_OFF_MS, loadActor, samePerson, type Actor } from "@/server/approvals/actor";
import { checkReauth, type Reauth } from "@/server/approvals/reauth";
import { guarded, Refusal } from "@/server/approvals/refusal";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { insertLocalAccount, updatePrivileges } from "@/server/auth/manage-users";
import { findUser, labelOf, sameRoles, type UserRow } from "@/server/auth/users";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { invalidInput, ServiceError } from "@/server/errors";
import { accessHash, lockChange, toAccessView, type AccessChangeRow } from "./rows";

export interface ApproveAccessArgs {
  user: SessionUser;
  changeId: string;
  input: unknown;
  reauth: Reauth;
  /** approvals.coolingOffHours in ms: a freshly privileged admin cannot approve the next grant either. */
  coolingOffMs?: number;
}

export interface ApprovedAccess {
  change: AccessChange;
  /** The accounts whose privileges changed: their sessions end (they sign in again with the new ones). */
  affectedUserIds: string[];
}

/**
 * A different admin person approves a privilege change, re-authenticated, and it is applied in the
 * same transaction. Each refusal is audited as access.refused and changes nothing.
 */
export async function approveAccessChange(db: Db, clock: Clock, args: ApproveAccessArgs): Promise<ApprovedAccess> {
  const parsed = AccessApproveInput.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error, "approval");
  const acting = { actor: { id: args.user.id, name: args.user.name }, proposalId: args.changeId, action: AUDIT_ACTIONS.accessRefused, operation: "approve" } as const;
  return guarded(db, clock, acting, async (tx) => {
    const row = await lockChange(tx, args.changeId);
    if (!row) return new Refusal("not_found", "not-found", `no access change ${args.changeId}`);
    const actor = await loadActor(tx, args.user);
    if (actor instanceof Refusal) return actor;
    const refusal = await check(tx, clock, row, actor, args, parsed.data.contentHash);
    if (refusal) return refusal;
    const applied = await apply(tx, clock, row, actor);
    if (applied instanceof Refusal) return applied;
    const now = clock.now();
    const decided = { status: "approved", decidedAt: now, decidedBy: actor.id, decidedByName: actor.name, resultUserId: applied.id };
    // The two-person trigger on access_changes checks this update again, by person.
    await tx.update(tables.accessChanges).set(decided).where(eq(tables.accessChanges.id, row.id));
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: AUDIT_ACTIONS.accessApproved,
      payload: { changeId: row.id, kind: row.kind, proposerId: row.proposerId, summary: describeAccessChange(toAccessView(row)), contentHash: row.contentHash, reauthMethod: args.reauth.method },
    });
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: USER_ACTION[row.kind as keyof typeof USER_ACTION],
      payload: { userId: applied.id, user: labelOf(applied), roles: applied.roles, personId: applied.personId, changeId: row.id, proposerId: row.proposerId },
    });
    return { change: toAccessView({ ...row, ...decided }), affectedUserIds: [applied.id] };
  });
}

const USER_ACTION = {
  "create-account": AUDIT_ACTIONS.userCreated,
  "set-roles": AUDIT_ACTIONS.userRolesChanged,
  "reset-password": AUDIT_ACTIONS.userPasswordReset,
  "link-person": AUDIT_ACTIONS.userPersonLinked,
} as const;

async function check(tx: Db, clock: Clock, row: AccessChangeRow, actor: Actor, args: ApproveAccessArgs, reviewedHash: string): Promise<Refusal | null> {
  if (!hasRole(actor.roles, "admin")) return new Refusal("forbidden", "not-admin", "approving a privilege change needs the admin role");
  if (await samePerson(tx, actor, row.proposerId)) {
    return new Refusal("forbidden", "self-approval", "you proposed this change; a different admin person must approve it");
  }
  const cooling = coolingOff(actor, clock.now(), args.coolingOffMs ?? DEFAULT_COOLING_OFF_MS);
  if (cooling) return cooling;
  if (row.status !== "pending") return new Refusal("conflict", "not-pending", `the change is ${row.status}`);
  if (row.expiresAt <= clock.now()) {
    await tx.update(tables.accessChanges).set({ status: "expired", decidedAt: clock.now(), decisionReason: "not approved before it expired" }).where(eq(tables.accessChanges.id, row.id));
    await appendAudit(tx, clock, { actor: "system", actorName: "system", action: AUDIT_ACTIONS.accessExpired, payload: { changeId: row.id, kind: row.kind } });
    return new Refusal("conflict", "expired", `the change expired at ${row.expiresAt.toISOString()}; propose it again`);
  }
  if (accessHash(row) !== row.contentHash) return new Refusal("conflict", "content-changed", "the change's stored content no longer matches its hash; propose it again");
  if (reviewedHash !== row.contentHash) return new Refusal("conflict", "hash-mismatch", "you reviewed a different version of this change; reload and review it again");
  return checkReauth(actor, args.reauth, clock.now());
}

/** Makes the change. What the proposal assumed is checked again: the world may have moved since. */
async function apply(tx: Db, clock: Clock, row: AccessChangeRow, actor: Actor): Promise<UserRow | Refusal> {
  const change = toAccessView(row);
  const p = change.params;
  try {
    if (change.kind === "create-account") {
      const same = p.samePersonAs ? await findUser(tx, p.samePersonAs) : undefined;
      if (p.samePersonAs && !same) return new Refusal("conflict", "gone", "the account whose person the new account was to join is gone");
      if (!row.passwordHash) throw new Error(`access change ${row.id} has no password hash`);
      // The approver may not create an account for their own person: that is a second vote for one person.
      if (same && same.personId === actor.personId) return new Refusal("forbidden", "self-approval", "the new account would be yours; a different admin person must approve it");
      return await insertLocalAccount(tx, clock, { username: p.username ?? "", name: p.name ?? "", passwordHash: row.passwordHash, roles: p.roles ?? [], personId: same?.personId ?? null });
    }
    const target = row.targetUserId ? await findUser(tx, row.targetUserId) : undefined;
    if (!target) return new Refusal("conflict", "gone", "the account the change was for is gone");
    // Nobody approves a change to their own account's privileges.
    if (target.personId === actor.personId) return new Refusal("forbidden", "own-account", "this change is to your own account; a different admin person must approve it");
    switch (change.kind) {
      case "set-roles":
        if (!sameRoles(target.roles.filter(isRole), p.previousRoles ?? [])) {
          return new Refusal("conflict", "roles-changed", `${labelOf(target)}'s roles changed since this was proposed; propose again`);
        }
        return await updatePrivileges(tx, clock, target.id, { roles: p.roles ?? [] });
      case "reset-password":
        if (!row.passwordHash) throw new Error(`access change ${row.id} has no password hash`);
        return await updatePrivileges(tx, clock, target.id, { passwordHash: row.passwordHash });
      case "link-person": {
        const other = p.samePersonAs ? await findUser(tx, p.samePersonAs) : undefined;
        if (!other) return new Refusal("conflict", "gone", "the account whose person was to be joined is gone");
        if (other.personId === actor.personId) return new Refusal("forbidden", "own-account", "the account would join your own person; a different admin person must approve it");
        return await updatePrivileges(tx, clock, target.id, { personId: other.personId });
      }
    }
  } catch (err) {
    if (err instanceof ServiceError && err.code === "conflict") return new Refusal("conflict", "account-exists", err.message);
    throw err;
  }
}
