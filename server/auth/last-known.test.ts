import { describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session";
import { NoWritableHostError } from "@/server/db/failover";
import { LastKnownSessions } from "./last-known";

const ada: SessionUser = { id: "u1", username: "ada", name: "Ada", provider: "local", roles: ["viewer"] };
const storeDown = () => Promise.reject(new Error("Failed query: select …", { cause: new NoWritableHostError("no writable PostgreSQL server among db:5432") }));

describe("sessions as last confirmed by the store (static stability)", () => {
  it("answers a session confirmed before the store went away; a new one is refused with the store's error", async () => {
    const known = new LastKnownSessions();
    expect(await known.resolve("s1:u1", async () => ada)).toEqual(ada);
    expect(await known.resolve("s1:u1", storeDown)).toEqual(ada);
    await expect(known.resolve("s2:u1", storeDown)).rejects.toThrow("Failed query");
  });

  it("forgets a session the store said was ended, and never hides other errors", async () => {
    const known = new LastKnownSessions();
    await known.resolve("s1:u1", async () => ada);
    expect(await known.resolve("s1:u1", async () => null)).toBeNull();
    await expect(known.resolve("s1:u1", storeDown)).rejects.toThrow("Failed query");
    await known.resolve("s1:u1", async () => ada);
    await expect(known.resolve("s1:u1", () => Promise.reject(new TypeError("bug")))).rejects.toThrow("bug");
  });
});
