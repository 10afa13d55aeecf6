import { describe, expect, it } from "vitest";
import { isCrossOriginMutation } from "./origin";

const h = (init: Record<string, string>) => new Headers(init);

describe("cross-origin mutation guard", () => {
  it("refuses a POST from another origin", () => {
    expect(isCrossOriginMutation("POST", h({ origin: "https://evil.example" }), "console.example:3000")).toBe(true);
    expect(isCrossOriginMutation("DELETE", h({ origin: "null" }), "console.example")).toBe(true);
    expect(isCrossOriginMutation("POST", h({ "sec-fetch-site": "cross-site" }), "console.example")).toBe(true);
  });

  it("allows same-origin mutations, reads from anywhere, and scripts without browser headers", () => {
    expect(isCrossOriginMutation("POST", h({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }), "localhost:3000")).toBe(false);
    expect(isCrossOriginMutation("GET", h({ origin: "https://evil.example" }), "localhost:3000")).toBe(false);
    expect(isCrossOriginMutation("POST", h({}), "localhost:3000")).toBe(false);
  });
});
