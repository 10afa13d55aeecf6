import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/csp";
import { isCrossOriginMutation } from "@/lib/origin";

/**
 * Request hygiene only — not a security boundary for data (every route handler checks the
 * session itself). It refuses cross-origin state changes and sets the per-request CSP nonce.
 */
export function proxy(req: NextRequest): NextResponse {
  const host = req.headers.get("host") ?? req.nextUrl.host;
  if (isCrossOriginMutation(req.method, req.headers, host)) {
    return NextResponse.json(
      { error: { code: "forbidden", message: "cross-origin request refused" } },
      { status: 403 },
    );
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", csp);
  return res;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
