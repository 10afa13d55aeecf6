import { z } from "zod";

/** The error body every API route returns; `reason` is the machine-readable refusal ("self-approval", "incident-open"…) when there is one. */
export const ApiErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), reason: z.string().optional() }) });

/** An API refusal or failure: the server's own message (shown verbatim), its code and reason. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason: string | null = null,
  ) {
    super(message);
  }
}

async function send<S extends z.ZodType>(path: string, init: RequestInit, schema: S): Promise<z.infer<S>> {
  const res = await fetch(path, { ...init, headers: { accept: "application/json", ...init.headers }, cache: "no-store" });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ApiErrorBody.safeParse(body);
    if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.reason ?? null);
    throw new ApiError(res.status, "http", `HTTP ${res.status}`);
  }
  return schema.parse(body);
}

/** Fetches a console API route and validates the reply; errors carry the server's message. */
export function apiGet<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  return send(path, {}, schema);
}

/** Sends JSON to a console API route (POST unless told) and validates the reply; a refusal throws ApiError. */
export function sendJson<S extends z.ZodType>(path: string, body: unknown, schema: S, method: "POST" | "PATCH" = "POST"): Promise<z.infer<S>> {
  return send(path, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, schema);
}
