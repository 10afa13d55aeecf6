import { z } from "zod";
import { ApiError } from "@/lib/api-client";

/** The error body of the console's API, with the machine-readable refusal reason when there is one. */
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), reason: z.string().optional() }) });

/** An API refusal: the server's own message (shown verbatim) and its reason ("self-approval", "expired"…). */
export class ActionError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly reason: string | null,
  ) {
    super(status, code, message);
  }
}

/** POSTs JSON to a console API route and validates the reply; a refusal throws ActionError. */
export async function postJson<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
    cache: "no-store",
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(json);
    if (parsed.success) throw new ActionError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.reason ?? null);
    throw new ActionError(res.status, "http", `HTTP ${res.status}`, null);
  }
  return schema.parse(json);
}
