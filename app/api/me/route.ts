import { authed } from "@/server/http/route";

/** The signed-in user and roles, for the header and for scripts checking who they are. */
export const GET = authed([], async ({ user }) => Response.json({ user }));
