import { describe, expect, it } from "vitest";
import { parseDatabaseUrl, redactUrl } from "./url";

describe("DATABASE_URL in libpq's multi-host form", () => {
  it("reads every host, with its port (5432 when absent), and target_session_attrs", () => {
    const u = parseDatabaseUrl("postgres://fc:p%40ss@db-east:5432,db-west:5433,[::1]/console?target_session_attrs=read-write&sslmode=require");
    expect(u.hosts).toEqual([
      { host: "db-east", port: 5432 },
      { host: "db-west", port: 5433 },
      { host: "::1", port: 5432 },
    ]);
    expect(u.targetSessionAttrs).toBe("read-write");
    // node-postgres gets one host at a time, the rest of the URL as it was, without libpq's own parameters.
    expect(u.urlFor({ host: "db-west", port: 5433 })).toBe("postgres://fc:p%40ss@db-west:5433/console?sslmode=require");
    expect(u.urlFor({ host: "::1", port: 5432 })).toBe("postgres://fc:p%40ss@[::1]:5432/console?sslmode=require");
  });

  it("a single host behaves as before: libpq's default (any), the URL unchanged", () => {
    const u = parseDatabaseUrl("postgresql://fc:secret@127.0.0.1:5432/fc_test");
    expect(u.hosts).toEqual([{ host: "127.0.0.1", port: 5432 }]);
    expect(u.targetSessionAttrs).toBe("any");
    expect(u.urlFor({ host: "127.0.0.1", port: 5432 })).toBe("postgresql://fc:secret@127.0.0.1:5432/fc_test");
  });

  it("accepts primary, and reads connect_timeout as libpq does (seconds, per host)", () => {
    const u = parseDatabaseUrl("postgres://a:b@h1,h2/db?target_session_attrs=primary&connect_timeout=3");
    expect(u.targetSessionAttrs).toBe("primary");
    expect(u.connectTimeoutMs).toBe(3000);
  });

  it("never shows the password", () => {
    expect(parseDatabaseUrl("postgres://fc:hunter2@h1:1,h2:2/db?target_session_attrs=read-write").redacted).toBe("postgres://fc:***@h1:1,h2:2/db?target_session_attrs=read-write");
    expect(redactUrl("postgres://fc:hunter2@h1:1,h2:2/db")).toBe("(unparseable DATABASE_URL)");
  });

  it("refuses what the console cannot use, naming the variable and never echoing the URL", () => {
    const cases: [string, RegExp][] = [
      ["mysql://fc:pw@h/db", /^DATABASE_URL: expected postgres:\/\/user:password@host/],
      ["postgres://fc:pw@h1,h2/db", /^DATABASE_URL: lists 2 hosts: add target_session_attrs=read-write/],
      ["postgres://fc:pw@h1,h2/db?target_session_attrs=prefer-standby", /^DATABASE_URL: target_session_attrs=prefer-standby would connect to a standby/],
      ["postgres://fc:pw@h1/db?target_session_attrs=standby", /standby, where the console cannot write/],
      ["postgres://fc:pw@h1/db?target_session_attrs=fastest", /^DATABASE_URL: target_session_attrs=fastest is not one of any, read-write/],
      ["postgres://fc:pw@h1:99999/db", /^DATABASE_URL: port 99999 of h1 is out of range/],
      ["postgres://fc:pw@h1,,h2/db?target_session_attrs=read-write", /^DATABASE_URL: "" is not host\[:port\]/],
      ["postgres://fc:pw@h1/db?connect_timeout=soon", /connect_timeout=soon is not a whole number/],
    ];
    for (const [url, message] of cases) {
      expect(() => parseDatabaseUrl(url)).toThrow(message);
      expect(() => parseDatabaseUrl(url)).not.toThrow(/pw@/);
    }
    expect(() => parseDatabaseUrl("postgres://h1,h2/db", "DATABASE_OWNER_URL")).toThrow(/^DATABASE_OWNER_URL: lists 2 hosts/);
  });
});
