import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions, guardCredentialsLogin } from "@/server/auth";
import { errorResponse } from "@/server/errors";
import { getRuntime } from "@/server/runtime";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's own endpoints (csrf, providers, session, signin, callback, signout). They are public
// by nature; the credentials callback is rate-limited before next-auth checks the password.
async function handler(req: NextRequest, ctx: Context): Promise<Response> {
  try {
    const rt = await getRuntime();
    const refused = await guardCredentialsLogin(rt, req);
    if (refused) return refused;
    return await NextAuth(req, ctx, authOptions(rt));
  } catch (err) {
    return errorResponse(err);
  }
}

export { handler as GET, handler as POST };
