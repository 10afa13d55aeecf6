import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "./proxy";

const post = (url: string, origin: string) =>
  new NextRequest(url, { method: "POST", headers: { origin, host: new URL(url).host } });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("proxy", () => {
  it("refuses a POST from the http page of the same host when the console is https", () => {
    vi.stubEnv("NEXTAUTH_URL", "https://console.example");
    expect(proxy(post("https://console.example/api/proposals", "http://console.example")).status).toBe(403);
    expect(proxy(post("https://console.example/api/proposals", "https://console.example")).status).toBe(200);
  });

  it("without a public URL, the scheme the request came in with is the one expected", () => {
    vi.stubEnv("NEXTAUTH_URL", "");
    expect(proxy(post("http://localhost:3000/api/proposals", "https://localhost:3000")).status).toBe(403);
    expect(proxy(post("http://localhost:3000/api/proposals", "http://localhost:3000")).status).toBe(200);
  });

  it("sends HSTS when the public URL is https, and not over http", () => {
    vi.stubEnv("NEXTAUTH_URL", "https://console.example");
    expect(proxy(new NextRequest("https://console.example/")).headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(proxy(post("https://console.example/api/x", "https://evil.example")).headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    vi.stubEnv("NEXTAUTH_URL", "http://console.internal:3000");
    expect(proxy(new NextRequest("http://console.internal:3000/")).headers.get("strict-transport-security")).toBeNull();
    vi.stubEnv("NEXTAUTH_URL", "");
    expect(proxy(new NextRequest("http://localhost:3000/")).headers.get("strict-transport-security")).toBeNull();
  });
});
