import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Runtime } from "@/server/runtime";
import { clientIp } from "./client-ip";
import { oidcProvider, oidcSignInAllowed, recordOidcIdentity } from "./oidc";
import { verifyLocalLogin } from "./local-login";
import { endSession, startSession } from "./sessions";

/** The part of the runtime sign-in needs. */
export type AuthRuntime = Pick<Runtime, "config" | "db" | "clock" | "authSecret" | "secureCookies">;

/** next-auth's options, built from the runtime: the providers come from the config file. */
export function authOptions(rt: AuthRuntime): NextAuthOptions {
  const { config, db, clock } = rt;
  const providers: Provider[] = [];
  if (config.auth.local.enabled) providers.push(credentials(rt));
  const oidc = config.auth.oidc;
  if (oidc) providers.push(oidcProvider(oidc));

  return {
    secret: rt.authSecret,
    useSecureCookies: rt.secureCookies,
    session: { strategy: "jwt", maxAge: config.auth.sessionMaxAgeHours * 3600 },
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        return oidc && account?.provider === oidc.id ? oidcSignInAllowed(user) : true;
      },
      // The token carries the console's own user id — for OIDC users, not the provider's subject —
      // so "a different person" means the same thing whichever way people sign in.
      async jwt({ token, user, account, trigger }) {
        if (trigger === "signIn" && user && account) {
          const signedIn = oidc && account.provider === oidc.id ? await recordOidcIdentity(rt, user, account) : { id: user.id, label: user.name ?? user.id };
          token.sub = signedIn.id;
          // The label ("Name (username)") every record uses, the login's included.
          token.name = signedIn.label;
          token.username = user.username;
          token.provider = account.provider;
          // A password sign-in proves itself now; a single sign-on proves itself when the identity
          // provider says it authenticated the person (the ID token's auth_time), which may be long
          // before this sign-in if the provider reused its own session. Without auth_time, never.
          token.authTime = account.provider === "credentials" ? Math.floor(clock.now().getTime() / 1000) : user.authTime;
          // The server-side session this cookie names: sign-out and admins end it (sessions.ts).
          token.sid = await startSession(db, clock, { userId: token.sub, maxAgeSeconds: config.auth.sessionMaxAgeHours * 3600 });
          await appendAudit(db, clock, {
            actor: token.sub,
            actorName: token.name,
            action: AUDIT_ACTIONS.login,
            payload: { provider: account.provider, username: user.username },
          });
        }
        return token;
      },
    },
    events: {
      async signOut({ token }) {
        if (!token.sub) return;
        if (token.sid) await endSession(db, clock, { sid: token.sid, userId: token.sub });
        await appendAudit(db, clock, {
          actor: token.sub,
          actorName: token.name ?? token.sub,
          action: AUDIT_ACTIONS.logout,
          payload: { provider: token.provider },
        });
      },
    },
  };
}

function credentials({ db, clock }: AuthRuntime): Provider {
  return CredentialsProvider({
    id: "credentials",
    name: "Username and password",
    credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
    authorize: (input, req) => verifyLocalLogin(db, clock, input ?? {}, clientIp(req.headers ?? {})),
  });
}
