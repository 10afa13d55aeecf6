/**
 * Cross-site request forgery guard for state-changing requests: a browser always sends Origin on
 * a cross-origin POST, and Sec-Fetch-Site on modern browsers. A request whose Origin is not the
 * console's own host — or that the browser labels cross-site — is refused. Requests with neither
 * header come from scripts (curl), which carry no ambient browser credentials to abuse.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossOriginMutation(method: string, headers: Headers, host: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get("origin");
  if (origin && origin !== "null") {
    try {
      if (new URL(origin).host !== host) return true;
    } catch {
      return true;
    }
  } else if (origin === "null") {
    return true;
  }
  const site = headers.get("sec-fetch-site");
  return site === "cross-site" || site === "same-site";
}
