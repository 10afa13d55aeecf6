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

/**
 * Hashes the demo passwords, all at once: scrypt runs on libuv's thread pool, so five in parallel
 * (and alongside the store opening, when the caller starts this first) cost one hash of start-up
 * time instead of five in a row.
 */
export function hashDemoPasswords(): Promise<string[]> {
  return Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));
}

export async function seedDemoUsers(db: Db, clock: Clock, hashes: Promise<string[]> = hashDemoPasswords()): Promise<void> {
  const hashed = await hashes;
  for (const [i, u] of DEMO_USERS.entries()) {
    const passwordHash = hashed[i];
    if (passwordHash === undefined) throw new Error(`no password hash for the demo user ${u.username}`);
    await upsertIdentity(db, clock, {
      provider: LOCAL_PROVIDER,
      subject: u.username,
      username: u.username,
      displayName: u.name,
      roles: u.roles,
      passwordHash,
    });
  }
}
