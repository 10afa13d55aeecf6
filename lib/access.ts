import { z } from "zod";
import { Role } from "./roles";
import { NewLocalUser } from "./users";

const Timestamp = z.iso.datetime({ offset: true });
const Reason = z.string().trim().min(10, "say why in at least 10 characters").max(2000);
const UserId = z.string().trim().min(1).max(200);
const Password = z.string().min(12, "at least 12 characters").max(256);

/**
 * Privilege changes: each is proposed by one admin and applied only when a different admin person
 * approves it (DESIGN invariant 1 extended to who holds which role).
 */
export const ACCESS_CHANGE_KINDS = ["create-account", "set-roles", "reset-password", "link-person"] as const;
export const AccessChangeKind = z.enum(ACCESS_CHANGE_KINDS);
export type AccessChangeKind = z.infer<typeof AccessChangeKind>;

export const AccessChangeInput = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("create-account"),
    ...NewLocalUser.shape,
    /** Optional: the new account belongs to the same person as this existing account (a break-glass account). */
    samePersonAs: UserId.optional(),
    reason: Reason,
  }),
  z.strictObject({ kind: z.literal("set-roles"), userId: UserId, roles: z.array(Role), reason: Reason }),
  z.strictObject({ kind: z.literal("reset-password"), userId: UserId, password: Password, reason: Reason }),
  /** The account joins the person of another account (a person's local account and their SSO account). */
  z.strictObject({ kind: z.literal("link-person"), userId: UserId, samePersonAs: UserId, reason: Reason }),
]);
export type AccessChangeInput = z.infer<typeof AccessChangeInput>;

export const ACCESS_CHANGE_STATUSES = ["pending", "approved", "rejected", "cancelled", "expired"] as const;
export const AccessChangeStatus = z.enum(ACCESS_CHANGE_STATUSES);
export type AccessChangeStatus = z.infer<typeof AccessChangeStatus>;

/** What is stored and shown about a change: never a password or its hash. */
export const AccessChangeParams = z.object({
  username: z.string().optional(),
  name: z.string().optional(),
  roles: z.array(Role).optional(),
  previousRoles: z.array(Role).optional(),
  /** The account whose person is joined, and how it is labelled. */
  samePersonAs: z.string().optional(),
  samePersonAsLabel: z.string().optional(),
  /** The target account's label when proposed. */
  targetLabel: z.string().optional(),
  newPassword: z.boolean().optional(),
});
export type AccessChangeParams = z.infer<typeof AccessChangeParams>;

export const AccessChange = z.object({
  id: z.string(),
  kind: AccessChangeKind,
  targetUserId: z.string().nullable(),
  params: AccessChangeParams,
  reason: z.string(),
  contentHash: z.string(),
  proposerId: z.string(),
  proposerName: z.string(),
  status: AccessChangeStatus,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  decidedByName: z.string().nullable(),
  decisionReason: z.string().nullable(),
  resultUserId: z.string().nullable(),
});
export type AccessChange = z.infer<typeof AccessChange>;

export const AccessApproveInput = z.strictObject({
  /** The hash of the change as the approver saw it: a different version is refused. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hex digest"),
  /** Local accounts re-enter their password to approve. */
  password: z.string().min(1).max(256).optional(),
});
export type AccessApproveInput = z.infer<typeof AccessApproveInput>;

export const AccessDecisionInput = z.strictObject({ reason: z.string().trim().max(2000).optional() });
export type AccessDecisionInput = z.infer<typeof AccessDecisionInput>;

/** One line saying what a change does, for lists and the audit view. */
export function describeAccessChange(change: Pick<AccessChange, "kind" | "params">): string {
  const p = change.params;
  const target = p.targetLabel ?? "an account";
  switch (change.kind) {
    case "create-account":
      return `Create local account ${p.name ?? ""} (${p.username ?? ""}) with roles ${(p.roles ?? []).join(", ") || "none"}${p.samePersonAsLabel ? `, same person as ${p.samePersonAsLabel}` : ""}`;
    case "set-roles":
      return `Set the roles of ${target}: ${(p.previousRoles ?? []).join(", ") || "none"} → ${(p.roles ?? []).join(", ") || "none"}`;
    case "reset-password":
      return `Reset the password of ${target}`;
    case "link-person":
      return `Link ${target} to the person of ${p.samePersonAsLabel ?? "another account"}`;
  }
}
