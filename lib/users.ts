import { z } from "zod";
import { Role } from "./roles";

/** A local (break-glass or demo) account created by an admin. */
export const NewLocalUser = z.strictObject({
  username: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}$/, "2–63 letters, digits, dots, dashes or underscores"),
  name: z.string().trim().min(1, "required").max(100),
  password: z.string().min(12, "at least 12 characters").max(256),
  roles: z.array(Role).min(1, "at least one role"),
});
export type NewLocalUser = z.infer<typeof NewLocalUser>;

export const UserSummary = z.object({
  id: z.string(),
  provider: z.string(),
  username: z.string(),
  name: z.string(),
  /** The name with the username beside it, as records show it. */
  label: z.string(),
  /** The person behind the account: accounts sharing one are one person to the two-person rule. */
  personId: z.string(),
  roles: z.array(Role),
  disabled: z.boolean(),
  /** Roles, person link or password last changed: the account cannot approve until the cooling-off ends. */
  privilegesChangedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type UserSummary = z.infer<typeof UserSummary>;

/**
 * How an account is named in every record and on every screen: the display name with the username
 * beside it ("Adam Approver (adam)"; single sign-on: "Adam Approver (sso:adam@example.com)"), so two
 * people who chose the same name are still told apart.
 */
export function accountLabel(account: { name: string; username: string; provider: string }): string {
  const handle = account.provider === "local" ? account.username : `${account.provider}:${account.username}`;
  return `${account.name} (${handle})`;
}
