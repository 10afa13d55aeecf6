/**
 * The console's public URL (NEXTAUTH_URL) says whether it is served over HTTPS. That one fact
 * decides the session cookies' `Secure` flag (server/runtime.ts), the scheme the origin check
 * expects (origin.ts) and HSTS (proxy.ts), so the three cannot disagree.
 */
export function isHttpsPublicUrl(publicUrl: string | undefined): boolean {
  if (!publicUrl) return false;
  try {
    return new URL(publicUrl).protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * A year, and every subdomain: once a browser has seen the console over HTTPS it never again
 * sends a request (or the session cookie) to it over plain http, so a network attacker cannot
 * strip TLS from a later visit. Sent only when the public URL is https — over http it would be
 * ignored at best and lock a plain-http deployment's hostname out at worst.
 */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

export function hstsHeader(publicUrl: string | undefined): Record<string, string> {
  return isHttpsPublicUrl(publicUrl) ? { "strict-transport-security": HSTS_VALUE } : {};
}
