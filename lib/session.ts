import { z } from "zod";
import { Role } from "./roles";

/** The signed-in user as the browser and route handlers see it. Never carries secrets. */
export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  provider: z.string(),
  roles: z.array(Role),
});
export type SessionUser = z.infer<typeof SessionUser>;
