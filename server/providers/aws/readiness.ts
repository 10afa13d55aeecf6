import "server-only";
import { z } from "zod";
import type { ReadinessProbeView } from "@/lib/snapshot";
import type { AwsClients } from "./clients";
import { call, deadline } from "./call";
import { invalidResponse, type CallContext } from "./errors";

/**
 * The console's own deep probe of a region (principle 3: a health check can be green while
 * writes fail). An HTTPS GET of the region's readiness URL, with the region's own timeoutMs on
 * top of the caller's signal, expecting
 *
 *   200 { "writable": true, "schemaVersion": "2026.01.3", "authorisedForWrites": true }
 *
 * `schemaVersion` may be null; other fields are ignored. Any status is a valid answer: a non-2xx
 * reply is reported with its httpStatus and writable/authorisedForWrites false — unless its body
 * is itself a valid readiness document, which is then believed (a 503 that says why). A 2xx
 * with a body that is not such a document is "invalid_response"; no answer is "unavailable" or
 * "timeout". Redirects are not followed: the URL is the endpoint, and a redirect is reported as
 * its 3xx status.
 */
export const ReadinessBody = z.object({
  writable: z.boolean(),
  schemaVersion: z.string().nullable(),
  authorisedForWrites: z.boolean(),
});
export type ReadinessBody = z.infer<typeof ReadinessBody>;

const MAX_BODY_CHARS = 64 * 1024;

export async function probeReadiness(
  clients: AwsClients,
  regionId: string,
  signal: AbortSignal,
  fetchImpl: typeof fetch,
): Promise<ReadinessProbeView> {
  const { url, timeoutMs } = clients.region(regionId).readiness;
  const ctx: CallContext = { service: "readiness", region: regionId, what: `readiness probe GET ${url}` };
  return call(deadline(signal, timeoutMs), ctx, async (abortSignal) => {
    const response = await fetchImpl(url, {
      method: "GET",
      headers: { accept: "application/json" },
      redirect: "manual",
      cache: "no-store",
      signal: abortSignal,
    });
    const text = await response.text();
    const body = parseBody(text);
    if (response.ok) {
      if (!body.success) throw invalidResponse(ctx, `HTTP ${response.status} with a body that is not a readiness document: ${body.problem}`);
      return { httpStatus: response.status, ...body.value };
    }
    if (body.success) return { httpStatus: response.status, ...body.value };
    return { httpStatus: response.status, writable: false, schemaVersion: null, authorisedForWrites: false };
  });
}

function parseBody(text: string): { success: true; value: ReadinessBody } | { success: false; problem: string } {
  if (text.length > MAX_BODY_CHARS) return { success: false, problem: `more than ${MAX_BODY_CHARS} characters` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON is an answer in itself (an HTML error page, say); the snippet says which.
    return { success: false, problem: `not JSON: ${JSON.stringify(text.slice(0, 80))}` };
  }
  const parsed = ReadinessBody.safeParse(json);
  if (!parsed.success) return { success: false, problem: z.prettifyError(parsed.error).replaceAll("\n", " ") };
  return { success: true, value: parsed.data };
}
