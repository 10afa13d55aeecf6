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
  roles: z.array(Role),
  disabled: z.boolean(),
});
export type UserSummary = z.infer<typeof UserSummary>;
