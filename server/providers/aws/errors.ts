import "server-only";
import type { Service } from "@/lib/snapshot";
import { ProviderError, type ProviderErrorKind } from "@/server/providers/port";

/**
 * AWS failures → ProviderError kinds. SDK v3 service exceptions carry the AWS error code as
 * `name` and the HTTP status in `$metadata.httpStatusCode`; Node's network errors carry a `code`
 * (for fetch, on `cause`). The kind is what the monitor shows: throttling and timeouts are the
 * control plane struggling, access_denied and not_found are configuration to fix.
 */

/** Where a call went, for messages like "RDS DescribeGlobalClusters payments-global in us-east-1". */
export interface CallContext {
  service: Service;
  /** The console's region id the call was made for. */
  region: string;
  what: string;
}

const THROTTLED = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "TooManyRequests",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "ProvisionedThroughputExceededException", // DynamoDB
  "SlowDown", // S3
  "PriorRequestNotComplete", // Route 53's throttle
  "ThrottledClientException",
]);
const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnrecognizedClientException",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "AuthFailure",
  "NotAuthorized",
  "UnauthorizedOperation",
  "CredentialsProviderError", // no credentials resolved (profile missing, role not assumable…)
  "TokenProviderError",
]);
const NOT_FOUND = new Set(["NoSuchKey", "NoSuchBucket", "NoSuchHealthCheck", "ParameterNotFound", "ResourceNotFoundException"]);
const TIMEOUT = new Set(["AbortError", "TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const UNAVAILABLE = new Set([
  "EndpointTemporarilyUnavailableException", // ARC: try another cluster endpoint
  "InternalServerException",
  "InternalServerError",
  "InternalFailure",
  "InternalError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "Unavailable",
]);
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const v = field(value, key);
  return typeof v === "string" ? v : undefined;
}

function httpStatus(err: unknown): number | undefined {
  const status = field(field(err, "$metadata"), "httpStatusCode");
  return typeof status === "number" ? status : undefined;
}

/**
 * The URL each failed request went to, noted by the clients' middleware (clients.ts), so an answer
 * that is not AWS's can say where it came from. Weak: it goes with the error.
 */
const endpoints = new WeakMap<object, string>();

export function noteEndpoint(err: unknown, url: string | null): void {
  if (url !== null && typeof err === "object" && err !== null) endpoints.set(err, url);
}

/**
 * An answer that is not from AWS: a proxy's or load balancer's HTML error page, an emulator's
 * stray text. The SDK fails to parse it as XML or JSON and throws a deserialisation error with
 * the raw `$response` attached and no `$fault` (AWS's own errors always carry one). Its parse
 * message ("mismatched tags <hr> and </body>") would send an operator the wrong way; the status
 * and where it came from are what matter.
 */
function nonAwsAnswer(err: unknown): { status: number | undefined; text: string } | null {
  const response = field(err, "$response");
  if (typeof response !== "object" || response === null || field(err, "$fault") !== undefined) return null;
  const statusCode = field(response, "statusCode");
  const status = typeof statusCode === "number" ? statusCode : httpStatus(err);
  const type = stringField(field(response, "headers"), "content-type")?.split(";")[0]?.trim();
  const from = (typeof err === "object" && err !== null && endpoints.get(err)) || "the endpoint";
  return { status, text: `HTTP ${status ?? "?"} from ${from} (${type ? `${type}, ` : ""}not an AWS answer)` };
}

/** The AWS error code (or JS error name) and message, as an operator would search for them. */
export function describeError(err: unknown): string {
  const foreign = nonAwsAnswer(err);
  if (foreign) return foreign.text;
  if (err instanceof Error) {
    const code = stringField(err, "code") ?? stringField(err.cause, "code");
    const name = err.name === "Error" && code ? code : err.name;
    return err.message && err.message !== name ? `${name}: ${err.message}` : name;
  }
  return String(err);
}

/** Classifies any thrown value; unknown client-side refusals (validation…) are "invalid_response". */
export function errorKind(err: unknown): ProviderErrorKind {
  if (err instanceof ProviderError) return err.kind;
  const foreign = nonAwsAnswer(err);
  if (foreign) return foreign.status === 429 ? "throttled" : foreign.status !== undefined && foreign.status >= 500 ? "unavailable" : "invalid_response";
  const name = stringField(err, "name") ?? "";
  const code = stringField(err, "code") ?? stringField(field(err, "cause"), "code") ?? "";
  const status = httpStatus(err);
  if (THROTTLED.has(name) || THROTTLED.has(code) || status === 429) return "throttled";
  if (ACCESS_DENIED.has(name) || ACCESS_DENIED.has(code)) return "access_denied";
  if (NOT_FOUND.has(name) || /NotFound/.test(name)) return "not_found";
  if (TIMEOUT.has(name) || code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT") return "timeout";
  if (UNAVAILABLE.has(name) || NETWORK_CODES.has(code) || NETWORK_CODES.has(name)) return "unavailable";
  if (field(err, "$fault") === "server" || (status !== undefined && status >= 500)) return "unavailable";
  if (status === 403) return "access_denied";
  if (status === 404) return "not_found";
  // fetch() reports DNS/connection failures as a TypeError ("fetch failed") with the cause inside.
  if (err instanceof TypeError) return "unavailable";
  if (field(err, "$fault") === "client") return "invalid_response";
  return "unavailable";
}

/**
 * How long AWS asked the caller to wait: ARC's data-plane ThrottlingException and
 * InternalServerException carry `retryAfterSeconds`, which the SDK fills from the Retry-After header.
 */
export function retryAfterMs(err: unknown): number | null {
  const seconds = field(err, "retryAfterSeconds");
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/** Wraps any failure of one call; a ProviderError passes through unchanged. */
export function toProviderError(err: unknown, ctx: CallContext): ProviderError {
  if (err instanceof ProviderError) return err;
  return new ProviderError(errorKind(err), ctx.service, ctx.region, `${ctx.what}: ${describeError(err)}`, { cause: err, retryAfterMs: retryAfterMs(err) });
}

export function invalidResponse(ctx: CallContext, problem: string): ProviderError {
  return new ProviderError("invalid_response", ctx.service, ctx.region, `${ctx.what}: ${problem}`);
}
