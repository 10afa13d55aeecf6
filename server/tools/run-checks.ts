import "server-only";
import { deadline } from "@/server/providers/aws/call";
import { describeError, errorKind } from "@/server/providers/aws/errors";
import { ProviderError, type ProviderErrorKind } from "@/server/providers/port";

/**
 * Runs the doctor's checks: every check under its own timeout, regions in parallel, each region's
 * AWS checks only once its credentials resolved (otherwise they would all fail with the same
 * credential error, or all wait out the same hung credential lookup).
 */
export interface Check {
  service: string;
  name: string;
  timeoutMs: number;
  /** The IAM actions the call needs, named in the detail when AWS refuses it. */
  actions?: readonly string[];
  /** Said after an access-denied detail (S3 reports a missing object as access denied). */
  hint?: string;
  /** Resolves to the detail shown on success; throws to fail. */
  run(signal: AbortSignal): Promise<string>;
}

export interface RegionPlan {
  region: string;
  /**
   * Runs first; when it throws UnresolvedCredentials, `aws` is reported as not run. Absent where
   * nothing signs (the simulated world has no credentials): `aws` runs at once.
   */
  credentials?: Check;
  aws: Check[];
  /** Checks that need no AWS credentials (the readiness probe); they start at once. */
  independent: Check[];
}

export interface CheckRow {
  region: string;
  service: string;
  check: string;
  /** WARN: the call worked, but what it found needs a look; it does not fail the run. */
  result: "OK" | "WARN" | "FAIL";
  /** Whole milliseconds; null when the check did not run. */
  latencyMs: number | null;
  detail: string;
}

/** A failure with its kind decided by the check itself (the port's kinds, so the words match the dashboard). */
export class CheckFailure extends Error {
  override readonly name = "CheckFailure";
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown by a check whose call worked but whose answer deserves a warning (exit code stays 0). */
export class CheckWarning extends Error {
  override readonly name = "CheckWarning";
}

/**
 * The region's credentials could not be obtained at all, so no AWS call of that region can be
 * signed. (Resolved credentials with a failing STS call are a plain failure: the other
 * services' endpoints may still answer, and their own rows will say.)
 */
export class UnresolvedCredentials extends CheckFailure {}

/**
 * How long after a check's own deadline the runner stops waiting. Checks pass their signal to
 * the provider, whose timeout error names what hung; this only catches a call that ignores it.
 */
const BACKSTOP_MS = 250;

/** Rejects with a timeout as soon as `signal` fires, whatever `promise` is still doing (credential lookups ignore signals). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      const reason: unknown = signal.reason;
      reject(new CheckFailure("timeout", reason === undefined ? "aborted" : describeError(reason), { cause: reason }));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

export const kindOf = (err: unknown): ProviderErrorKind => (err instanceof CheckFailure ? err.kind : errorKind(err));
export const messageOf = (err: unknown): string =>
  err instanceof CheckFailure || err instanceof ProviderError ? err.message : describeError(err);

/**
 * The innermost cause, when it says more than the message: fetch reports "fetch failed" and
 * keeps "getaddrinfo ENOTFOUND host" in its cause, which is the part an operator can act on.
 */
function rootCause(err: unknown, message: string): string | undefined {
  let cause: unknown = err;
  for (let depth = 0; depth < 5 && cause instanceof Error && cause.cause !== undefined; depth++) cause = cause.cause;
  if (cause === err || !(cause instanceof Error) || message.includes(cause.message)) return undefined;
  return describeError(cause);
}

function failureDetail(err: unknown, check: Check): string {
  const kind = kindOf(err);
  const message = messageOf(err);
  const cause = rootCause(err, message);
  const parts = [`${kind}: ${`${message}${cause ? ` (${cause})` : ""}`.replace(/\s+/g, " ").trim()}`];
  if (kind === "access_denied" && check.actions?.length) parts.push(`(needs ${check.actions.join(", ")}; see npm run iam-policy)`);
  if (kind === "access_denied" && check.hint) parts.push(check.hint);
  return parts.join(" ");
}

async function runCheck(region: string, check: Check, elapsed: () => number): Promise<{ row: CheckRow; error?: unknown }> {
  const never = new AbortController().signal;
  const signal = deadline(never, check.timeoutMs);
  const backstop = deadline(never, check.timeoutMs + BACKSTOP_MS);
  const base = { region, service: check.service, check: check.name };
  const started = elapsed();
  const took = () => Math.round(elapsed() - started);
  try {
    const detail = await untilAborted(check.run(signal), backstop);
    return { row: { ...base, result: "OK", latencyMs: took(), detail } };
  } catch (err) {
    if (err instanceof CheckWarning) return { row: { ...base, result: "WARN", latencyMs: took(), detail: `warning: ${err.message}` } };
    return { row: { ...base, result: "FAIL", latencyMs: took(), detail: failureDetail(err, check) }, error: err };
  }
}

async function runRegion(plan: RegionPlan, elapsed: () => number): Promise<CheckRow[]> {
  const run = async (c: Check) => (await runCheck(plan.region, c, elapsed)).row;
  const independent = Promise.all(plan.independent.map(run));
  const credentials = plan.credentials ? await runCheck(plan.region, plan.credentials, elapsed) : null;
  const aws =
    credentials?.error instanceof UnresolvedCredentials
      ? plan.aws.map(
          (c): CheckRow => ({
            region: plan.region,
            service: c.service,
            check: c.name,
            result: "FAIL",
            latencyMs: null,
            detail: `not run: ${plan.region} credentials did not resolve`,
          }),
        )
      : await Promise.all(plan.aws.map(run));
  return [...(credentials ? [credentials.row] : []), ...aws, ...(await independent)];
}

/** All regions at once: one region's hang never delays the other's checks (DESIGN invariant 8). */
export async function runPlans(plans: readonly RegionPlan[], elapsed: () => number): Promise<CheckRow[]> {
  return (await Promise.all(plans.map((plan) => runRegion(plan, elapsed)))).flat();
}
