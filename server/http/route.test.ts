import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ServiceError } from "@/server/errors";
import { authed, readJson } from "./route";

vi.mock("@/server/auth/session", () => ({
  requireUser: async () => ({ id: "u-ada", username: "ada", name: "Ada", provider: "local", roles: ["operator"] }),
}));

const Body = z.strictObject({ region: z.string(), active: z.boolean() });
const post = (body: string, type = "application/json") =>
  new Request("http://x/api/y", { method: "POST", body, headers: { "content-type": type } });

async function rejection(p: Promise<unknown>): Promise<ServiceError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(err)}`);
  return err;
}

describe("readJson", () => {
  it("returns the parsed body when it matches", async () => {
    expect(await readJson(post('{"region":"us-west-2","active":true}'), Body)).toEqual({ region: "us-west-2", active: true });
  });

  it("names malformed JSON", async () => {
    const err = await rejection(readJson(post("{not json"), Body));
    expect([err.code, err.message]).toEqual(["invalid", "request body is not valid JSON"]);
  });

  it("names the offending field of a wrong shape", async () => {
    const err = await rejection(readJson(post('{"region":"us-west-2","active":"yes"}'), Body));
    expect(err.code).toBe("invalid");
    expect(err.message).toMatch(/^invalid request body: active: /);
  });

  it("refuses a body that is not JSON at all", async () => {
    const err = await rejection(readJson(post("region=x", "application/x-www-form-urlencoded"), Body));
    expect(err.message).toMatch(/must be JSON/);
  });

  it("takes JSON only when the media type is JSON, parameters allowed", async () => {
    const ok = '{"region":"us-west-2","active":true}';
    for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON ;charset=UTF-8", "application/merge-patch+json"]) {
      expect(await readJson(post(ok, type), Body)).toEqual({ region: "us-west-2", active: true });
    }
    for (const type of ["text/plain; x=application/json", "text/plain;application/json", "application/jsonp", "multipart/form-data; boundary=application/json", ""]) {
      const err = await rejection(readJson(post(ok, type), Body));
      expect([type, err.message]).toEqual([type, "request body must be JSON (Content-Type: application/json)"]);
    }
  });

  it("refuses a NUL anywhere in the body, naming where, before the schema sees it", async () => {
    const err = await rejection(readJson(post(JSON.stringify({ region: "us-west-2\u0000", active: true })), Body));
    expect([err.code, err.message]).toEqual(["invalid", "invalid request body: region: must not contain NUL bytes"]);
    const Loose = z.object({ tags: z.record(z.string(), z.array(z.string())) });
    const key = await rejection(readJson(post(JSON.stringify({ tags: { "a\u0000": [] } })), Loose));
    expect(key.message).toBe("invalid request body: tags.a\u0000: must not contain NUL bytes");
    const deep = await rejection(readJson(post(JSON.stringify({ tags: { a: ["ok", "b\u0000"] } })), Loose));
    expect(deep.message).toBe("invalid request body: tags.a.1: must not contain NUL bytes");
  });
});

describe("authed", () => {
  const handler = authed([], async () => Response.json({ ok: true }));
  const call = (url: string, headers: Record<string, string>) =>
    handler(new NextRequest(url, { method: "POST", headers: { host: new URL(url).host, ...headers } }), { params: Promise.resolve({}) });

  it("refuses a state change from the same host over the other scheme", async () => {
    const res = await call("https://console.example/api/x", { origin: "http://console.example" });
    expect(res.status).toBe(403);
    // A trusted proxy's X-Forwarded-Proto says how the browser reached the console.
    expect((await call("http://console.example/api/x", { origin: "http://console.example", "x-forwarded-proto": "https" })).status).toBe(403);
  });

  it("lets a same-origin state change through, scheme and host equal", async () => {
    expect((await call("https://console.example/api/x", { origin: "https://console.example" })).status).toBe(200);
    expect((await call("http://console.example/api/x", { origin: "https://console.example", "x-forwarded-proto": "https" })).status).toBe(200);
  });

  it("serves a route without dynamic segments, for which Next passes no params", async () => {
    // Next 16 resolves a static route's params to undefined; the NUL check once read it as an object (500 on every such route).
    const noParams = { params: Promise.resolve(undefined) } as unknown as { params: Promise<Record<string, string>> };
    const res = await handler(new NextRequest("https://console.example/api/users", { headers: { host: "console.example" } }), noParams);
    expect(res.status).toBe(200);
  });
});
