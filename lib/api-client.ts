import { z } from "zod";

/** The error body every API route returns. */
export const ApiErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Fetches a console API route and validates the reply; errors carry the server's message. */
export async function apiGet<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  const res = await fetch(path, { headers: { accept: "application/json" }, cache: "no-store" });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ApiErrorBody.safeParse(body);
    throw new ApiError(res.status, parsed.success ? parsed.data.error.code : "http", parsed.success ? parsed.data.error.message : `HTTP ${res.status}`);
  }
  return schema.parse(body);
}
