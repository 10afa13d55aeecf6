import { describe, expect, it, vi } from "vitest";

// The launcher (dist/serve.mjs) and Next's compiled route chunks are separate module graphs in one
// process, each with its own copy of server/errors. The runtime's objects are built by the launcher,
// so an error one of them throws (the plan evaluator's 409 and 429) reaches a route handler as an
// instance of the other copy's class. Two fresh imports reproduce the two bundles.
async function twoCopies() {
  vi.resetModules();
  const routes = await import("@/server/errors");
  vi.resetModules();
  const launcher = await import("@/server/errors");
  expect(routes.ServiceError).not.toBe(launcher.ServiceError);
  return { routes, launcher };
}

describe("ServiceError across bundles", () => {
  it("an error from the launcher's copy is answered with its own status and Retry-After, not a 500", async () => {
    const { routes, launcher } = await twoCopies();
    const err = new launcher.ServiceError("rate_limited", "evaluate again in 3 s", { retryAfterSeconds: 3 });
    expect(err).toBeInstanceOf(routes.ServiceError);
    const res = routes.errorResponse(err);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toEqual({ error: { code: "rate_limited", message: "evaluate again in 3 s", retryAfterSeconds: 3 } });
    expect(routes.errorResponse(new launcher.ServiceError("conflict", "already being evaluated")).status).toBe(409);
  });

  it("is not fooled by an ordinary error or a look-alike", async () => {
    const { ServiceError } = await import("@/server/errors");
    expect(new Error("x")).not.toBeInstanceOf(ServiceError);
    expect({ name: "ServiceError", code: "conflict", message: "x" }).not.toBeInstanceOf(ServiceError);
    expect(null).not.toBeInstanceOf(ServiceError);
    expect(new ServiceError("invalid", "x")).toBeInstanceOf(Error);
  });
});
