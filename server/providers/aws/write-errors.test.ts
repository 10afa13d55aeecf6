import { describe, expect, it } from "vitest";
import { ProviderError, WriteRejectedError } from "@/server/providers/port";
import { toProviderError, type CallContext } from "./errors";
import { awsError } from "./testing";
import { toWriteError } from "./write-errors";

const ctx: CallContext = { service: "rds", region: "us-west-2", what: "RDS SwitchoverGlobalCluster payments-global" };

describe("toWriteError", () => {
  it.each([
    ["InvalidGlobalClusterStateFault", 400],
    ["InvalidDBClusterStateFault", 400],
    ["GlobalClusterNotFoundFault", 404],
    ["DBClusterNotFoundFault", 404],
    ["ValidationException", 400],
    ["ConflictException", 409],
    ["ResourceNotFoundException", 404],
  ])("makes the refusal %s a WriteRejectedError under its code", (name, status) => {
    const err = toWriteError(awsError(name, { status }), ctx);
    expect(err).toBeInstanceOf(WriteRejectedError);
    expect(err).toMatchObject({ code: name, service: "rds", region: "us-west-2" });
    expect(err.message).toContain("RDS SwitchoverGlobalCluster payments-global");
  });

  it.each([
    ["AccessDenied", 403, "client", "access_denied"],
    ["AccessDeniedException", 400, "client", "access_denied"],
    ["ThrottlingException", 400, "client", "throttled"],
    ["TooManyUpdates", 400, "client", "throttled"],
    ["TransactionConflictException", 400, "client", "unavailable"],
    ["RequestTimeout", 400, "client", "timeout"],
    ["InternalFailure", 500, "server", "unavailable"],
    ["EndpointTemporarilyUnavailableException", 503, "server", "unavailable"],
  ] as const)("keeps %s a ProviderError (%s) of kind %s", (name, status, fault, kind) => {
    const err = toWriteError(awsError(name, { status, fault }), ctx);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind, service: "rds", region: "us-west-2" });
  });

  it("looks through the ProviderError that call() wraps an SDK error in", () => {
    const wrapped = toProviderError(awsError("InvalidGlobalClusterStateFault"), ctx);
    expect(toWriteError(wrapped, ctx)).toMatchObject({ name: "WriteRejectedError", code: "InvalidGlobalClusterStateFault" });
  });

  it("passes the provider's own errors (a timeout, a network failure) through unchanged", () => {
    const timeout = new ProviderError("timeout", "rds", "us-west-2", "no answer before the deadline", { cause: new DOMException("x", "TimeoutError") });
    expect(toWriteError(timeout, ctx)).toBe(timeout);
    const network = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(toWriteError(network, ctx)).toMatchObject({ name: "ProviderError", kind: "unavailable" });
  });
});
