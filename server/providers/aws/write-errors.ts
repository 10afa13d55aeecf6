import "server-only";
import { ProviderError, WriteRejectedError, type ProviderErrorKind } from "@/server/providers/port";
import { call } from "./call";
import { describeError, errorKind, toProviderError, type CallContext } from "./errors";

/**
 * How a write's failure reaches the runbook. The port draws one line: a ProviderError (outage,
 * throttling, timeout, access denied) is worth retrying as it stands or needs IAM fixed; a
 * WriteRejectedError means AWS looked at the request and refused it on its own rules
 * (InvalidGlobalClusterStateFault, ConflictException from an ARC safety rule, ValidationException,
 * a resource that does not exist…), and sending it again unchanged would be refused again.
 *
 * The line follows the SDK's own `$fault`: a client fault that is not throttling, access denied or
 * a timeout is a refusal, kept under its AWS error code. Everything else — server faults, network
 * errors, the caller's abort — is the ProviderError the reads would throw.
 */

/** Client faults that are contention rather than refusal: the same request succeeds a moment later. */
const RETRYABLE: Readonly<Record<string, ProviderErrorKind>> = {
  TooManyUpdates: "throttled", // SSM PutParameter on a parameter being updated by someone else
  TransactionConflictException: "unavailable", // DynamoDB: the item is in another transaction
};
const NOT_REFUSALS: readonly ProviderErrorKind[] = ["throttled", "access_denied", "timeout"];

function isClientFault(err: unknown): err is Error & { $fault: "client" } {
  return err instanceof Error && "$fault" in err && err.$fault === "client";
}

/** Classifies a write's failure; `err` may be the SDK error or the ProviderError `call` wrapped it in. */
export function toWriteError(err: unknown, ctx: CallContext): ProviderError | WriteRejectedError {
  if (err instanceof WriteRejectedError) return err;
  // call() wraps SDK errors as ProviderError with the SDK error as cause; our own ProviderErrors (an
  // abort, an invalid response) carry no service fault and pass through unchanged.
  const source: unknown = err instanceof ProviderError ? err.cause : err;
  if (!isClientFault(source)) return toProviderError(err, ctx);
  const retryable = RETRYABLE[source.name];
  if (retryable) return new ProviderError(retryable, ctx.service, ctx.region, `${ctx.what}: ${describeError(source)}`, { cause: source });
  if (NOT_REFUSALS.includes(errorKind(source))) return toProviderError(err, ctx);
  return new WriteRejectedError(source.name, ctx.service, ctx.region, `${ctx.what}: ${describeError(source)}`, { cause: source });
}

/** `call` (deadline racing, abort handling) for a write, with the write's error classification. */
export async function writeCall<T>(signal: AbortSignal, ctx: CallContext, run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await call(signal, ctx, run);
  } catch (err) {
    throw toWriteError(err, ctx);
  }
}
