import { describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { createAwsProvider } from "./index";
import { awsTestConfig, noAbort, testClock } from "./testing";

const READY = { writable: true, schemaVersion: "2026.01.3", authorisedForWrites: true };

/** A fake fetch that records its calls and answers with `respond`. */
function fakeFetch(respond: (url: string, init: RequestInit | undefined) => Promise<Response>) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, init });
    return respond(url, init);
  };
  return { fetch, calls };
}

/** Never answers, but honours the abort signal like a real fetch. */
const hangingFetch = fakeFetch(
  (_url, init) =>
    new Promise((_, reject) => {
      init?.signal?.addEventListener("abort", () => reject(init.signal?.reason), { once: true });
    }),
);

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

const provider = (fetch: typeof globalThis.fetch, timeoutMs?: number) =>
  createAwsProvider(
    awsTestConfig((input) => {
      if (timeoutMs !== undefined) Object.assign(input.regions[1].readiness, { timeoutMs });
    }),
    { clock: testClock(), fetch },
  );

describe("probeReadiness (the console's own HTTPS probe)", () => {
  it("GETs the region's readiness URL with the abort signal and parses the document", async () => {
    const f = fakeFetch(async () => Response.json({ ...READY, build: "ignored" }));
    expect(await provider(f.fetch).probeReadiness("us-west-2", noAbort())).toEqual({ httpStatus: 200, ...READY });
    expect(f.calls[0]?.url).toBe("https://r2.example.com/ready");
    expect(f.calls[0]?.init?.method).toBe("GET");
    expect(f.calls[0]?.init?.redirect).toBe("manual");
    expect(f.calls[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it("accepts a null schema version", async () => {
    const f = fakeFetch(async () => Response.json({ ...READY, schemaVersion: null }));
    expect((await provider(f.fetch).probeReadiness("us-east-1", noAbort())).schemaVersion).toBeNull();
  });

  it("reports a non-2xx status as not writable, unless its body says otherwise", async () => {
    const html = fakeFetch(async () => new Response("<h1>Bad gateway</h1>", { status: 502 }));
    expect(await provider(html.fetch).probeReadiness("us-east-1", noAbort())).toEqual({
      httpStatus: 502,
      writable: false,
      schemaVersion: null,
      authorisedForWrites: false,
    });
    const explained = fakeFetch(async () => Response.json({ writable: false, schemaVersion: "41", authorisedForWrites: true }, { status: 503 }));
    expect(await provider(explained.fetch).probeReadiness("us-east-1", noAbort())).toEqual({
      httpStatus: 503,
      writable: false,
      schemaVersion: "41",
      authorisedForWrites: true,
    });
  });

  it("reports a redirect as its 3xx status rather than following it", async () => {
    const f = fakeFetch(async () => new Response(null, { status: 302, headers: { location: "http://elsewhere.example.com/" } }));
    expect((await provider(f.fetch).probeReadiness("us-east-1", noAbort())).httpStatus).toBe(302);
  });

  it.each([
    ["not JSON", new Response("OK")],
    ["missing writable", Response.json({ schemaVersion: "1", authorisedForWrites: true })],
    ["a string for a boolean", Response.json({ ...READY, writable: "yes" })],
  ])("rejects a 200 whose body is %s as invalid_response", async (_, response) => {
    const f = fakeFetch(async () => response);
    const err = await failure(provider(f.fetch).probeReadiness("us-east-1", noAbort()));
    expect(err.kind).toBe("invalid_response");
    expect(err.service).toBe("readiness");
    expect(err.message).toContain("https://r1.example.com/ready");
  });

  it("reports an unreachable endpoint as unavailable", async () => {
    const f = fakeFetch(async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    });
    const err = await failure(provider(f.fetch).probeReadiness("us-east-1", noAbort()));
    expect(err.kind).toBe("unavailable");
    expect(err.message).toContain("fetch failed");
  });

  it("times out at the region's readiness timeoutMs", async () => {
    const err = await failure(provider(hangingFetch.fetch, 100).probeReadiness("us-west-2", noAbort()));
    expect(err.kind).toBe("timeout");
  });

  it("times out when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = failure(provider(hangingFetch.fetch).probeReadiness("us-east-1", controller.signal));
    controller.abort();
    expect((await pending).kind).toBe("timeout");
  });
});
