import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/csp";
import { isCrossOriginMutation, requestOrigin } from "@/lib/origin";
import { hstsHeader } from "@/lib/transport";

/**
 * Request hygiene only — not a security boundary for data (every route handler checks the
 * session itself). It refuses cross-origin state changes, sets the per-request CSP nonce and,
 * when the public URL is https, HSTS. (Next's static headers in next.config.js are fixed at
 * build time; the public URL is known only when the console starts.)
 */
export function proxy(req: NextRequest): NextResponse {
  // The proxy stays clear of server/ (server/env.ts is server-only): it reads this one variable itself, as it does NODE_ENV.
  const publicUrl = process.env.NEXTAUTH_URL || undefined;
  const hsts = hstsHeader(publicUrl);
  if (isCrossOriginMutation(req.method, req.headers, requestOrigin(req.headers, req.nextUrl, publicUrl))) {
    return NextResponse.json(
      { error: { code: "forbidden", message: "cross-origin request refused" } },
      { status: 403, headers: hsts },
    );
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(hsts)) res.headers.set(name, value);
  return res;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
