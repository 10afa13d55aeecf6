import "server-only";
import { ProviderError } from "@/server/providers/port";
import { describeError, toProviderError, type CallContext } from "./errors";

/**
 * One AWS call under an abort signal.
 *
 * The signal is passed to the SDK as `abortSignal`, which makes its HTTP handler destroy the
 * request. That alone is not enough to return on time: credential resolution (an STS
 * AssumeRole, an IMDS lookup) runs before the handler and does not see the signal. So the call
 * is also raced against the signal, and the caller gets its "timeout" the moment the signal
 * fires, whatever the SDK is still doing (DESIGN invariant 8: one region's hang never delays
 * the other beyond the per-call timeout).
 */
export async function call<T>(signal: AbortSignal, ctx: CallContext, run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  if (signal.aborted) throw abortedError(signal, ctx);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(signal, ctx));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([run(signal), aborted]);
  } catch (err) {
    throw toProviderError(err, ctx);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * The caller's signal, cut short at `ms`: each call carries its own timeout even if the caller set
 * none. Built from a plain timer rather than AbortSignal.timeout/any: those are held weakly by
 * Node and can be garbage-collected before they fire when nothing else references them — a
 * deadline that silently never comes is exactly the hang this exists to prevent. The timer is
 * unref'd (it never keeps the process alive) and cleared as soon as either signal fires.
 */
export function deadline(signal: AbortSignal, ms: number): AbortSignal {
  const controller = new AbortController();
  const limit = Math.max(1, Math.floor(ms));
  const onParentAbort = () => controller.abort(signal.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${limit} ms`, "TimeoutError")), limit);
  timer.unref();
  controller.signal.addEventListener(
    "abort",
    () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onParentAbort);
    },
    { once: true },
  );
  if (signal.aborted) onParentAbort();
  else signal.addEventListener("abort", onParentAbort, { once: true });
  return controller.signal;
}

function abortedError(signal: AbortSignal, ctx: CallContext): ProviderError {
  const reason: unknown = signal.reason;
  if (reason instanceof ProviderError) return reason;
  const detail = reason === undefined ? "aborted" : describeError(reason);
  return new ProviderError("timeout", ctx.service, ctx.region, `${ctx.what}: no answer before the deadline (${detail})`, {
    cause: reason,
  });
}
