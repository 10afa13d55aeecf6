import "server-only";
import type { Account, User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { ROLES, type Role } from "@/lib/roles";
import type { OidcConfig } from "@/server/config";
import { secretFromEnv } from "@/server/env";
import { log } from "@/server/log";
import type { Runtime } from "@/server/runtime";
import { upsertIdentity } from "./users";

type OidcProfile = Record<string, unknown> & { sub: string };

/** Maps the configured groups claim to console roles; unknown groups grant nothing. */
export function rolesFromGroups(oidc: OidcConfig, claims: Record<string, unknown>): Role[] {
  const raw = claims[oidc.groupsClaim];
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === "string") : typeof raw === "string" ? [raw] : [];
  const granted = new Set<Role>(oidc.defaultRoles);
  for (const group of groups) for (const role of oidc.roleMapping[group] ?? []) granted.add(role);
  return ROLES.filter((r) => granted.has(r));
}

function clientSecret(oidc: OidcConfig): string {
  if (typeof oidc.clientSecret === "string") return oidc.clientSecret;
  const value = secretFromEnv(oidc.clientSecret.env);
  if (!value) throw new Error(`auth.oidc.clientSecret: environment variable ${oidc.clientSecret.env} is not set`);
  return value;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

export function oidcProvider(oidc: OidcConfig): OAuthConfig<OidcProfile> {
  return {
    id: oidc.id,
    name: oidc.name,
    type: "oauth",
    wellKnown: `${oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: clientSecret(oidc),
    authorization: { params: { scope: oidc.scopes.join(" ") } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    // The claims come from the ID token; roles are decided in the signIn callback below.
    profile(profile) {
      const username = text(profile.preferred_username) ?? text(profile.email) ?? profile.sub;
      return { id: profile.sub, name: text(profile.name) ?? username, email: text(profile.email) ?? null, username, roles: rolesFromGroups(oidc, profile) };
    },
  };
}

/** An identity with no console role is refused at sign-in rather than let in to a screen of 403s. */
export function oidcSignInAllowed(user: User): true | string {
  if ((user.roles ?? []).length > 0) return true;
  log.warn(`oidc sign-in refused: ${user.username ?? user.id} has no group mapped to a console role`);
  return "/login?error=NoRole";
}

/**
 * Records the OIDC identity as a console user, roles refreshed from its groups at every sign-in,
 * and returns the console's id for it (stable across sign-ins; the session carries this id).
 */
export async function recordOidcIdentity(rt: Pick<Runtime, "db" | "clock">, user: User, account: Account): Promise<string> {
  const row = await upsertIdentity(rt.db, rt.clock, {
    provider: account.provider,
    subject: account.providerAccountId,
    username: user.username ?? user.id,
    displayName: user.name ?? user.id,
    email: user.email,
    roles: user.roles ?? [],
  });
  return row.id;
}
