import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { isCrossOriginMutation } from "@/lib/origin";
import type { Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { requireUser } from "@/server/auth/session";
import { errorResponse, invalidInput, ServiceError } from "@/server/errors";

type Params = Record<string, string | string[] | undefined>;
export interface RouteContext<P extends Params> {
  req: NextRequest;
  user: SessionUser;
  params: P;
}

/**
 * The shape of an authenticated route handler: check the session and role first, then run the
 * handler, and map any error to a JSON response. Each route file states its own roles.
 */
export function authed<P extends Params = Params>(
  anyOf: readonly Role[],
  handler: (ctx: RouteContext<P>) => Promise<Response>,
): (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response> {
  return async (req, ctx) => {
    try {
      // Also checked in proxy.ts; repeated here so no route depends on the proxy for safety.
      if (isCrossOriginMutation(req.method, req.headers, req.headers.get("host") ?? req.nextUrl.host)) {
        throw new ServiceError("forbidden", "cross-origin request refused");
      }
      const user = await requireUser(req, anyOf);
      return await handler({ req, user, params: await ctx.params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Parses a JSON body against a schema: malformed JSON and wrong shapes are a 400 naming the field. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new ServiceError("invalid", "request body must be JSON (Content-Type: application/json)");
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new ServiceError("invalid", "request body is not valid JSON");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}
