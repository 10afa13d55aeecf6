import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ServiceError } from "@/server/errors";
import { readJson } from "./route";

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
});
