import { describe, expect, it } from "vitest";
import { isCrossOriginMutation, requestOrigin } from "./origin";

const h = (init: Record<string, string>) => new Headers(init);
const plain = { protocol: "http:", host: "localhost:3000" };
const tls = { protocol: "https:", host: "console.example" };

describe("cross-origin mutation guard", () => {
  it("refuses a POST from another origin", () => {
    expect(isCrossOriginMutation("POST", h({ origin: "https://evil.example" }), { protocol: "https:", host: "console.example:3000" })).toBe(true);
    expect(isCrossOriginMutation("DELETE", h({ origin: "null" }), tls)).toBe(true);
    expect(isCrossOriginMutation("POST", h({ "sec-fetch-site": "cross-site" }), tls)).toBe(true);
  });

  it("allows same-origin mutations, reads from anywhere, and scripts without browser headers", () => {
    expect(isCrossOriginMutation("POST", h({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }), plain)).toBe(false);
    expect(isCrossOriginMutation("POST", h({ origin: "https://console.example" }), tls)).toBe(false);
    expect(isCrossOriginMutation("GET", h({ origin: "https://evil.example" }), plain)).toBe(false);
    expect(isCrossOriginMutation("POST", h({}), plain)).toBe(false);
  });

  it("compares the scheme too: an http page of the same host is another origin", () => {
    // A page served over plain http (say one an attacker on the network injected into) must not
    // change state on the https console, nor the other way round.
    expect(isCrossOriginMutation("POST", h({ origin: "http://console.example" }), tls)).toBe(true);
    expect(isCrossOriginMutation("POST", h({ origin: "https://localhost:3000" }), plain)).toBe(true);
  });
});

describe("the origin a same-origin request carries", () => {
  const url = (u: string) => new URL(u);

  it("is the public URL's scheme when one is configured, with the request's host", () => {
    expect(requestOrigin(h({ host: "console.example" }), url("http://console.example/api/x"), "https://console.example")).toEqual(tls);
    expect(requestOrigin(h({ host: "console.example", "x-forwarded-proto": "http" }), url("http://console.example/"), "https://console.example/")).toEqual(tls);
  });

  it("without one, is the scheme the request came in with: a trusted proxy's X-Forwarded-Proto, else the URL's", () => {
    expect(requestOrigin(h({ host: "console.example", "x-forwarded-proto": "https" }), url("http://console.example/"), undefined)).toEqual(tls);
    expect(requestOrigin(h({ host: "console.example", "x-forwarded-proto": "HTTPS, http" }), url("http://console.example/"), undefined)).toEqual(tls);
    expect(requestOrigin(h({ host: "localhost:3000" }), url("http://localhost:3000/"), undefined)).toEqual(plain);
    expect(requestOrigin(h({}), url("https://console.example/"), undefined)).toEqual(tls);
  });
});
