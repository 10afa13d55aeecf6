/**
 * Cross-site request forgery guard for state-changing requests: a browser always sends Origin on
 * a cross-origin POST, and Sec-Fetch-Site on modern browsers. A request whose Origin is not the
 * console's own origin — scheme and host — or that the browser labels cross-site is refused.
 * Requests with neither header come from scripts (curl), which carry no ambient browser
 * credentials to abuse.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Scheme with its colon, as URL.protocol gives it ("https:"), and host with any port. */
export interface ConsoleOrigin {
  protocol: string;
  host: string;
}

export function isCrossOriginMutation(method: string, headers: Headers, expected: ConsoleOrigin): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get("origin");
  if (origin && origin !== "null") {
    try {
      const url = new URL(origin);
      // http://console and https://console are different origins: a plain-http page (one a network
      // attacker can write) must not act on the https console.
      if (url.host !== expected.host || url.protocol !== expected.protocol) return true;
    } catch {
      return true;
    }
  } else if (origin === "null") {
    return true;
  }
  const site = headers.get("sec-fetch-site");
  return site === "cross-site" || site === "same-site";
}

/**
 * The console's origin for this request. The scheme is the public URL's (NEXTAUTH_URL) when one
 * is configured; otherwise the one the request came in with: X-Forwarded-Proto — which the
 * launcher strips unless a proxy is trusted — or the request URL's. The host is the request's.
 */
export function requestOrigin(headers: Headers, url: URL, publicUrl: string | undefined): ConsoleOrigin {
  const host = headers.get("host") ?? url.host;
  if (publicUrl) return { protocol: new URL(publicUrl).protocol, host };
  // The client-facing proxy is the first to set it; later hops may append their own.
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return { protocol: forwarded ? `${forwarded}:` : url.protocol, host };
}
