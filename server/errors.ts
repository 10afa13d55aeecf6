import "server-only";
import type { ZodError } from "zod";
import { storeFailure } from "@/server/db/failover";
import { log } from "@/server/log";

export type ServiceErrorCode =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<ServiceErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** A process-wide mark, the same in every copy of this module. */
const BRAND = Symbol.for("failover-console.ServiceError");

/**
 * The one error type domain code throws; `errorResponse` maps it to HTTP. `instanceof` goes by a
 * process-wide mark, not by class identity: the launcher (dist/serve.mjs) and Next's route chunks
 * each have their own copy of this module, and the runtime's objects, built by the launcher,
 * throw the launcher's copy into route handlers (server/errors.test.ts).
 */
export class ServiceError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ServiceError";
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** A wait in whole seconds for `Retry-After`, never 0 while there is any wait at all. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/** Names the first offending field, the way an operator reading a 400 needs it. */
export function invalidInput(error: ZodError, what = "request body"): ServiceError {
  const issues = error.issues.map((i) => ({
    field: i.path.length ? i.path.map(String).join(".") : "(root)",
    message: i.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.field}: ${first.message}` : "invalid";
  return new ServiceError("invalid", `invalid ${what}: ${summary}`, { issues });
}

export function errorResponse(err: unknown, headers?: HeadersInit, method = "POST"): Response {
  if (err instanceof ServiceError) {
    const body = { error: { code: err.code, message: err.message, ...err.details } };
    // A rate-limited refusal that knows when it lifts says so the standard way too.
    const retryAfter = err.code === "rate_limited" ? err.details?.retryAfterSeconds : undefined;
    const merged = new Headers(headers);
    if (typeof retryAfter === "number") merged.set("retry-after", String(retryAfter));
    return Response.json(body, { status: STATUS[err.code], headers: merged });
  }
  // The store went away under the request (a failover, an outage): a 503 that says what became of the change, never a 500.
  const outage = storeFailure(err);
  if (outage) {
    log.warn(`store failure during a request (${outage.kind})`, err);
    // A read changes nothing, whenever the store went away under it.
    const reading = method === "GET" || method === "HEAD";
    const message = reading
      ? "the store is unreachable or failing over; try again"
      : outage.kind === "outcome_unknown"
        ? "the store was lost during the request: a change it made may or may not be saved; reload and check before trying again"
        : "the store is unreachable or failing over; nothing was saved; try again";
    return Response.json({ error: { code: "unavailable", message, reason: "store-unavailable" } }, { status: 503, headers });
  }
  log.error("unhandled error in route handler", err);
  return Response.json(
    { error: { code: "internal", message: "internal error; see the console's log" } },
    { status: 500, headers },
  );
}
