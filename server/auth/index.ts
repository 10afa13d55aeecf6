import "server-only";

export { authOptions } from "./options";
export { guardCredentialsLogin } from "./login-guard";
export { currentUser, requireUser, sessionUser } from "./session";
export { revokeSessions, type RevokeArgs } from "./sessions";
export { DEMO_USERS } from "./demo-users";
