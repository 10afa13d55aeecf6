import { z } from "zod";

/** What each role may do: viewer reads, operator proposes and aborts, approver approves, admin runs drills. */
export const ROLES = ["viewer", "operator", "approver", "admin"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** True when any of `held` satisfies `required`. Roles are not hierarchical: an admin is not an approver. */
export function hasRole(held: readonly Role[], required: Role): boolean {
  return held.includes(required);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
