import type { Role } from "@/lib/roles";

// The console's identity fields on next-auth's session and token (see server/auth/options.ts).
declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      username: string;
      name: string;
      provider: string;
      roles: Role[];
    };
  }
  interface User {
    username?: string;
    roles?: Role[];
    /** Single sign-on: who the identity is as a person ("email:…", "claim:…"). */
    personKey?: string | null;
    /** Single sign-on: the ID token's auth_time (seconds), when the IdP last authenticated the person. */
    authTime?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    username?: string;
    provider?: string;
    roles?: Role[];
    /** Seconds since the epoch when the user last proved who they are (re-authentication rules). */
    authTime?: number;
    /** The server-side session (server/auth/sessions.ts) this token names; without it the token is refused. */
    sid?: string;
  }
}
