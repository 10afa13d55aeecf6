import "server-only";
import { GetHealthCheckStatusCommand } from "@aws-sdk/client-route-53";
import { z } from "zod";
import type { HealthCheckView } from "@/lib/snapshot";
import type { AwsConfig, HealthCheckConfig } from "@/server/config";
import { ProviderError, type ProviderErrorKind } from "@/server/providers/port";
import type { AwsClients } from "./clients";
import { call, deadline } from "./call";
import { invalidResponse, toProviderError, type CallContext } from "./errors";
import { latestDatapoints } from "./metrics";
import { ROUTE53_HOME } from "./partitions";

/**
 * Route 53 health checks for one region.
 *
 * GetHealthCheckStatus returns the latest observation of each Route 53 checker (one per checker
 * IP, grouped by checker region). Route 53 itself considers an endpoint healthy when more than
 * 18% of its checkers report it healthy, and a checker's Status starts with "Success" when it did.
 * The Route 53 API is global, served from the partition's home region (us-east-1 for aws).
 *
 * Fallback: if GetHealthCheckStatus times out, is throttled, fails or answers nonsense, the
 * CloudWatch metric AWS/Route53 HealthCheckStatus (1 healthy, 0 unhealthy; published only in the
 * same home region) is read instead, in one batched call — a second, independent API in case
 * Route 53's own control plane is the part that is impaired. The fallback view has no checker
 * detail. The first attempt gets half the call timeout so the fallback still has time.
 * Not-found and access-denied are configuration errors: they are reported, not papered over.
 */
export const HEALTHY_SHARE = 0.18;
const FALLBACK_ON: readonly ProviderErrorKind[] = ["timeout", "throttled", "unavailable", "invalid_response"];

const Observation = z.object({
  Region: z.string().optional(),
  IPAddress: z.string().optional(),
  StatusReport: z.object({ Status: z.string(), CheckedTime: z.date().optional() }),
});
const GetHealthCheckStatusOutput = z.object({ HealthCheckObservations: z.array(Observation) });

export async function readHealthChecks(
  clients: AwsClients,
  config: AwsConfig,
  regionId: string,
  signal: AbortSignal,
  now: Date,
): Promise<HealthCheckView[]> {
  const checks = clients.region(regionId).healthChecks;
  const timeoutMs = config.monitor.callTimeoutMs;
  const settled = await Promise.allSettled(checks.map((hc) => readStatus(clients, regionId, hc, deadline(signal, timeoutMs / 2))));

  const views = new Map<string, HealthCheckView>();
  const failed: { hc: HealthCheckConfig; error: ProviderError }[] = [];
  for (const [i, result] of settled.entries()) {
    const hc = checks[i];
    if (hc === undefined) continue;
    if (result.status === "fulfilled") {
      views.set(hc.id, result.value);
      continue;
    }
    const error = toProviderError(result.reason, { service: "route53", region: regionId, what: `Route 53 GetHealthCheckStatus ${hc.id}` });
    // The caller gave up (no time left for a fallback), or the failure is configuration to fix.
    if (signal.aborted || !FALLBACK_ON.includes(error.kind)) throw error;
    failed.push({ hc, error });
  }
  if (failed.length > 0) {
    for (const [id, view] of await fallback(clients, regionId, failed, deadline(signal, timeoutMs), now)) views.set(id, view);
  }
  return checks.map((hc) => {
    const view = views.get(hc.id);
    if (!view) throw new Error(`health check ${hc.id}: neither read nor fallback produced a view`);
    return view;
  });
}

/** HealthCheckStatus from CloudWatch for the checks whose GetHealthCheckStatus failed; throws if that fails too. */
async function fallback(
  clients: AwsClients,
  regionId: string,
  failed: readonly { hc: HealthCheckConfig; error: ProviderError }[],
  signal: AbortSignal,
  now: Date,
): Promise<Map<string, HealthCheckView>> {
  const home = ROUTE53_HOME[clients.region(regionId).partition];
  const ctx: CallContext = { service: "route53", region: regionId, what: `CloudWatch HealthCheckStatus in ${home}` };
  const queries = failed.map(({ hc }, i) => ({
    id: `hc${i}`,
    namespace: "AWS/Route53",
    metricName: "HealthCheckStatus",
    dimensions: { HealthCheckId: hc.id },
    stat: "Minimum" as const, // any unhealthy sample in the minute counts
  }));
  const reasons = failed.map(({ error }) => error.message).join("; ");
  let points;
  try {
    points = await latestDatapoints(clients.route53Metrics(regionId), queries, { signal, ctx, now });
  } catch (err) {
    const e = toProviderError(err, ctx);
    throw new ProviderError(e.kind, "route53", regionId, `${reasons}; fallback failed too: ${e.message}`, { cause: err });
  }
  const views = new Map<string, HealthCheckView>();
  for (const [i, { hc, error }] of failed.entries()) {
    const point = points.get(`hc${i}`);
    if (!point) {
      const message = `${error.message}; and CloudWatch has no HealthCheckStatus datapoint for ${hc.id} in the last 5 minutes`;
      throw new ProviderError(error.kind, "route53", regionId, message, { cause: error });
    }
    views.set(hc.id, { id: hc.id, name: hc.name, healthy: point.value >= 1, checkers: [] });
  }
  return views;
}

async function readStatus(clients: AwsClients, regionId: string, hc: HealthCheckConfig, signal: AbortSignal): Promise<HealthCheckView> {
  const ctx: CallContext = { service: "route53", region: regionId, what: `Route 53 GetHealthCheckStatus ${hc.id} (${hc.name})` };
  const client = clients.route53(regionId);
  const output = await call(signal, ctx, (abortSignal) => client.send(new GetHealthCheckStatusCommand({ HealthCheckId: hc.id }), { abortSignal }));
  const parsed = GetHealthCheckStatusOutput.safeParse(output);
  if (!parsed.success) throw invalidResponse(ctx, `unexpected response (${z.prettifyError(parsed.error).replaceAll("\n", " ")})`);
  const checkers = parsed.data.HealthCheckObservations.map((o) => ({
    location: [o.Region, o.IPAddress].filter(Boolean).join(" ") || "unknown",
    ok: o.StatusReport.Status.startsWith("Success"),
    reportedAt: o.StatusReport.CheckedTime?.toISOString() ?? null,
    detail: o.StatusReport.Status,
  }));
  const ok = checkers.filter((c) => c.ok).length;
  // No observations at all is not evidence of health.
  return { id: hc.id, name: hc.name, healthy: checkers.length > 0 && ok / checkers.length > HEALTHY_SHARE, checkers };
}
