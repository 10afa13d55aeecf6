import "server-only";
import type { Role } from "@/lib/roles";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { hashPassword } from "./password";
import { LOCAL_PROVIDER, upsertIdentity } from "./users";

/**
 * The demo's people, seeded in sim mode only. Their passwords are fixed and documented in the
 * README so a drill team can sign in on any machine; they never exist in aws mode.
 */
export const DEMO_USERS: readonly { username: string; name: string; password: string; roles: Role[] }[] = [
  { username: "olivia", name: "Olivia Operator", password: "olivia-demo-pass", roles: ["viewer", "operator"] },
  { username: "adam", name: "Adam Approver", password: "adam-demo-pass", roles: ["viewer", "approver"] },
  { username: "vera", name: "Vera Viewer", password: "vera-demo-pass", roles: ["viewer"] },
  { username: "ada", name: "Ada Admin", password: "ada-demo-pass", roles: ["viewer", "operator", "approver", "admin"] },
  // A second admin person: privilege changes one admin proposes need a different admin to approve.
  { username: "avery", name: "Avery Admin", password: "avery-demo-pass", roles: ["viewer", "admin"] },
];

export async function seedDemoUsers(db: Db, clock: Clock): Promise<void> {
  for (const u of DEMO_USERS) {
    await upsertIdentity(db, clock, {
      provider: LOCAL_PROVIDER,
      subject: u.username,
      username: u.username,
      displayName: u.name,
      roles: u.roles,
      passwordHash: await hashPassword(u.password),
    });
  }
}
