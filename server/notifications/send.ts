import "server-only";
import type { OutgoingRequest } from "./formats";

/** How one attempt ended, as the delivery log records it. */
export type Attempt =
  | { outcome: "delivered"; status: number }
  | { outcome: "retry"; status: number | null; error: string; retryAfterMs: number | null }
  | { outcome: "give_up"; status: number; error: string };

/**
 * POSTs once, within `timeoutMs` (a slow receiver is abandoned and retried later, so it never
 * holds a slot). 2xx delivered; 408, 429 and 5xx or no answer retried (429 after its Retry-After);
 * any other 4xx gives up: the receiver refuses this request and would refuse it again.
 * Errors name the status or the network failure, never the URL (a Slack URL is its secret).
 */
export async function post(req: OutgoingRequest, timeoutMs: number, nowMs: number, stop?: AbortSignal): Promise<Attempt> {
  // A timer held here, not AbortSignal.timeout inside AbortSignal.any: a composed signal nothing
  // else references can be garbage-collected before it fires, and the request then waits as long
  // as the receiver likes (seen under PGlite's memory pressure). The limit covers the body too.
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
  const onStop = () => ctl.abort(stop?.reason);
  stop?.addEventListener("abort", onStop, { once: true });
  try {
    let res: Response;
    try {
      res = await fetch(req.url, { method: "POST", headers: req.headers, body: req.body, signal: ctl.signal, redirect: "error" });
    } catch (err) {
      const error = stop?.aborted ? "interrupted: the console stopped" : ctl.signal.aborted ? `no answer within ${timeoutMs} ms` : networkError(err, req.url);
      return { outcome: "retry", status: null, error, retryAfterMs: null };
    }
    const text = (await res.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ").trim();
    const error = `HTTP ${res.status}${text ? `: ${text}` : ""}`;
    if (res.ok) return { outcome: "delivered", status: res.status };
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      return { outcome: "retry", status: res.status, error, retryAfterMs: retryAfter(res.headers.get("retry-after"), nowMs) };
    }
    return { outcome: "give_up", status: res.status, error };
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener("abort", onStop);
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function networkError(err: unknown, url: string): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
  // Belt and braces: whatever the runtime puts in an error, the URL (and its path, the secret) does not reach the log.
  return cause.split(url).join("<url>").slice(0, 200);
}
