import "server-only";
import type { Account, User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { ROLES, type Role } from "@/lib/roles";
import type { OidcConfig } from "@/server/config";
import { secretFromEnv } from "@/server/env";
import { log } from "@/server/log";
import type { Runtime } from "@/server/runtime";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { labelOf, sameRoles, upsertIdentity } from "./users";

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
      return {
        id: profile.sub,
        name: text(profile.name) ?? username,
        email: text(profile.email) ?? null,
        username,
        roles: rolesFromGroups(oidc, profile),
        personKey: personKeyOf(oidc, profile),
        // When the identity provider last authenticated the person, from the ID token next-auth
        // validated (signature, issuer, audience, nonce): re-authentication is judged by this, not
        // by when the console saw the sign-in.
        authTime: typeof profile.auth_time === "number" ? profile.auth_time : undefined,
      };
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
 * and returns the console's id for it (stable across sign-ins; the session carries this id) and
 * its label for the records.
 */
export async function recordOidcIdentity(rt: Pick<Runtime, "db" | "clock">, user: User, account: Account): Promise<{ id: string; label: string }> {
  const roles = user.roles ?? [];
  const { row, previousRoles } = await upsertIdentity(rt.db, rt.clock, {
    provider: account.provider,
    subject: account.providerAccountId,
    username: user.username ?? user.id,
    displayName: user.name ?? user.id,
    email: user.email,
    roles,
    personKey: user.personKey ?? null,
    // Roles granted through the identity provider's groups are a privilege change like any other:
    // they start the cooling-off, and are audited below.
    privilegesChangedAt: rt.clock.now(),
  });
  if (previousRoles === null || !sameRoles(previousRoles, roles)) {
    await appendAudit(rt.db, rt.clock, {
      actor: "system",
      actorName: `identity provider ${account.provider}`,
      action: previousRoles === null ? AUDIT_ACTIONS.userCreated : AUDIT_ACTIONS.userRolesChanged,
      payload: { userId: row.id, user: labelOf(row), source: "identity-provider", previousRoles, roles, personId: row.personId },
    });
  }
  return { id: row.id, label: labelOf(row) };
}

/**
 * The person behind an SSO identity (DESIGN invariant 1). An email counts only when the provider
 * says it verified it: an address a user can type in is not a person. Any other configured claim is
 * taken as the provider's own stable person id. Null: the identity is a person of its own.
 */
export function personKeyOf(oidc: OidcConfig, claims: Record<string, unknown>): string | null {
  const value = text(claims[oidc.personClaim]);
  if (!value) return null;
  if (oidc.personClaim === "email") return claims.email_verified === true ? `email:${value.toLowerCase()}` : null;
  return `claim:${oidc.personClaim}:${value}`;
}
