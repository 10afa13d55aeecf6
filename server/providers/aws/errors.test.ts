import { describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { errorKind, toProviderError } from "./errors";
import { awsError } from "./testing";

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("errorKind (AWS failures → ProviderError kinds)", () => {
  it.each([
    ["ThrottlingException", "throttled"],
    ["Throttling", "throttled"],
    ["TooManyRequestsException", "throttled"],
    ["RequestLimitExceeded", "throttled"],
    ["PriorRequestNotComplete", "throttled"],
    ["AccessDenied", "access_denied"],
    ["AccessDeniedException", "access_denied"],
    ["UnrecognizedClientException", "access_denied"],
    ["ExpiredToken", "access_denied"],
    ["ExpiredTokenException", "access_denied"],
    ["CredentialsProviderError", "access_denied"],
    ["GlobalClusterNotFoundFault", "not_found"],
    ["NoSuchKey", "not_found"],
    ["ParameterNotFound", "not_found"],
    ["ResourceNotFoundException", "not_found"],
    ["NoSuchHealthCheck", "not_found"],
    ["AbortError", "timeout"],
    ["TimeoutError", "timeout"],
    ["EndpointTemporarilyUnavailableException", "unavailable"],
    ["InternalServerException", "unavailable"],
    ["ServiceUnavailable", "unavailable"],
  ] as const)("%s → %s", (name, kind) => {
    expect(errorKind(awsError(name))).toBe(kind);
  });

  it("uses the HTTP status and fault when the name is not known", () => {
    expect(errorKind(awsError("SomethingNew", { status: 502, fault: "server" }))).toBe("unavailable");
    expect(errorKind(awsError("SomethingNew", { status: 429 }))).toBe("throttled");
    expect(errorKind(awsError("SomethingNew", { status: 403 }))).toBe("access_denied");
    expect(errorKind(awsError("ValidationException", { status: 400 }))).toBe("invalid_response");
  });

  it("treats network failures as unavailable and socket timeouts as timeout", () => {
    expect(errorKind(withCode("ECONNREFUSED"))).toBe("unavailable");
    expect(errorKind(withCode("ENOTFOUND"))).toBe("unavailable");
    expect(errorKind(withCode("ECONNRESET"))).toBe("unavailable");
    expect(errorKind(withCode("ETIMEDOUT"))).toBe("timeout");
    expect(errorKind(new TypeError("fetch failed", { cause: withCode("EAI_AGAIN") }))).toBe("unavailable");
    expect(errorKind(new DOMException("The operation was aborted due to timeout", "TimeoutError"))).toBe("timeout");
  });

  it("wraps with the call's context and keeps the cause; a ProviderError passes through", () => {
    const cause = awsError("ThrottlingException", { message: "Rate exceeded" });
    const err = toProviderError(cause, { service: "rds", region: "us-east-1", what: "RDS DescribeGlobalClusters x in us-east-1" });
    expect(err).toMatchObject({ kind: "throttled", service: "rds", region: "us-east-1" });
    expect(err.message).toBe("RDS DescribeGlobalClusters x in us-east-1: ThrottlingException: Rate exceeded");
    expect(err.cause).toBe(cause);
    const original = new ProviderError("not_found", "arc", "us-west-2", "gone");
    expect(toProviderError(original, { service: "rds", region: "us-east-1", what: "x" })).toBe(original);
  });

  it("keeps how long AWS asked to wait (ARC's retryAfterSeconds, from Retry-After) as retryAfterMs", () => {
    const ctx = { service: "arc" as const, region: "us-east-1", what: "ARC UpdateRoutingControlStates" };
    const throttled = Object.assign(awsError("ThrottlingException", { status: 429 }), { retryAfterSeconds: 3 });
    expect(toProviderError(throttled, ctx)).toMatchObject({ kind: "throttled", retryAfterMs: 3000 });
    expect(toProviderError(awsError("ThrottlingException", { status: 429 }), ctx).retryAfterMs).toBeNull();
  });
});
