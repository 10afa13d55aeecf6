import { expect, it } from "vitest";
import type { SessionUser } from "@/lib/session";
import { manualClock } from "@/server/clock";
import { tables } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { createLocalUser, listUsers } from "./manage-users";
import { verifyPassword } from "./password";
import { findLocalUser } from "./users";

const admin: SessionUser = { id: "admin-1", username: "ada", name: "Ada Admin", provider: "local", roles: ["admin"] };

describeStores("local user management", (fresh) => {
  it("creates a local user whose password verifies, and audits who created it", async () => {
    const store = await fresh();
    const clock = manualClock();
    const input = { username: "Break.Glass", name: "Break glass", password: "a-long-enough-password", roles: ["approver" as const] };
    const created = await createLocalUser(store.db, clock, admin, input);
    expect(created).toMatchObject({ username: "break.glass", roles: ["approver"], disabled: false });
    const row = await findLocalUser(store.db, "BREAK.GLASS");
    expect(row?.passwordHash && (await verifyPassword("a-long-enough-password", row.passwordHash))).toBe(true);
    const audit = await store.db.select().from(tables.audit);
    expect(audit).toMatchObject([{ actor: "admin-1", action: "user.created", payload: { username: "break.glass" } }]);
    expect(JSON.stringify(await listUsers(store.db))).not.toContain("scrypt");
  });

  it("refuses to overwrite an existing user and writes nothing", async () => {
    const store = await fresh();
    const clock = manualClock();
    const input = { username: "olivia", name: "Olivia", password: "first-password-123", roles: ["operator" as const] };
    await createLocalUser(store.db, clock, admin, input);
    await expect(createLocalUser(store.db, clock, admin, { ...input, password: "second-password-123" })).rejects.toThrow(/already exists/);
    const row = await findLocalUser(store.db, "olivia");
    expect(row?.passwordHash && (await verifyPassword("first-password-123", row.passwordHash))).toBe(true);
    expect(await store.db.select().from(tables.audit)).toHaveLength(1);
  });
});
