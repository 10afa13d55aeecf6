import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { isCrossOriginMutation, requestOrigin } from "@/lib/origin";
import type { Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { requireUser } from "@/server/auth/session";
import { env } from "@/server/env";
import { errorResponse, invalidInput, ServiceError } from "@/server/errors";
import { isJsonContentType } from "./media-type";
import { firstNulEntry, NUL_MESSAGE, nulPath } from "./nul";

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
      if (isCrossOriginMutation(req.method, req.headers, requestOrigin(req.headers, req.nextUrl, env().NEXTAUTH_URL))) {
        throw new ServiceError("forbidden", "cross-origin request refused");
      }
      const user = await requireUser(req, anyOf);
      // Next gives a route without dynamic segments no params at all.
      const params = ((await ctx.params) ?? {}) as P;
      refuseNul(params, req.nextUrl.searchParams);
      return await handler({ req, user, params });
    } catch (err) {
      return errorResponse(err, undefined, req.method);
    }
  };
}

/** Ids and query values reach SQL as text, where PostgreSQL refuses NUL: a 400, never a 500. */
function refuseNul(params: Params, query: URLSearchParams): void {
  const param = firstNulEntry(Object.entries(params));
  if (param) throw new ServiceError("invalid", `route parameter "${param}" ${NUL_MESSAGE}`, { field: param });
  const name = firstNulEntry(query.entries());
  if (name) throw new ServiceError("invalid", `query parameter "${name}" ${NUL_MESSAGE}`, { field: name });
}

/** Parses a JSON body against a schema: malformed JSON and wrong shapes are a 400 naming the field. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  if (!isJsonContentType(req.headers.get("content-type"))) {
    throw new ServiceError("invalid", "request body must be JSON (Content-Type: application/json)");
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new ServiceError("invalid", "request body is not valid JSON");
  }
  // Before the schema, so no field — a note, a reason, a key of a record — can carry one to SQL.
  const nul = nulPath(body);
  if (nul) throw new ServiceError("invalid", `invalid request body: ${nul}: ${NUL_MESSAGE}`, { issues: [{ field: nul, message: NUL_MESSAGE }] });
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}
