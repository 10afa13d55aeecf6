import "server-only";
import { GetHealthCheckStatusCommand } from "@aws-sdk/client-route-53";
import { z } from "zod";
import type { AwsRegionConfig } from "@/server/config";
import { call } from "@/server/providers/aws/call";
import type { CallContext } from "@/server/providers/aws/errors";
import { HEALTHY_SHARE } from "@/server/providers/aws/health-checks";
import { latestDatapoints } from "@/server/providers/aws/metrics";
import { ROUTE53_HOME } from "@/server/providers/aws/partitions";
import type { CheckDeps } from "./check-deps";
import { CheckFailure, type Check } from "./run-checks";

/**
 * Route 53 health checks. The verdict the console shows is the CloudWatch HealthCheckStatus
 * metric in the partition's Route 53 home region (one check for all of the region's health
 * checks); the checker detail is GetHealthCheckStatus, one check per health check, called
 * directly rather than through the provider's read, which would hide either path behind the other.
 */
const Observations = z.object({
  HealthCheckObservations: z.array(z.object({ StatusReport: z.object({ Status: z.string() }).optional() })).optional(),
});

export function healthCheckChecks(deps: CheckDeps, region: AwsRegionConfig): Check[] {
  const home = ROUTE53_HOME[region.partition];
  const timeoutMs = deps.config.monitor.callTimeoutMs;
  const perCheck = region.healthChecks.map(
    (hc): Check => ({
      service: "route53",
      name: `health check ${hc.id}`,
      timeoutMs,
      actions: ["route53:GetHealthCheckStatus"],
      async run(signal) {
        const ctx: CallContext = { service: "route53", region: region.id, what: `Route 53 GetHealthCheckStatus ${hc.id} in ${home}` };
        const client = deps.clients.route53(region.id);
        const output = await call(signal, ctx, (abortSignal) =>
          client.send(new GetHealthCheckStatusCommand({ HealthCheckId: hc.id }), { abortSignal }),
        );
        const parsed = Observations.safeParse(output);
        if (!parsed.success) throw new CheckFailure("invalid_response", `${ctx.what}: the answer has no HealthCheckObservations`);
        const statuses = (parsed.data.HealthCheckObservations ?? []).map((o) => o.StatusReport?.Status ?? "");
        if (statuses.length === 0) return `"${hc.name}": no checkers report (a calculated health check has none; its status comes from the metric)`;
        const ok = statuses.filter((s) => s.startsWith("Success")).length;
        const healthy = statuses.length > 0 && ok / statuses.length > HEALTHY_SHARE;
        return `"${hc.name}": ${healthy ? "healthy" : "unhealthy"}, ${ok} of ${statuses.length} checkers report success`;
      },
    }),
  );
  const metric: Check = {
    service: "cloudwatch",
    name: `health check status metric in ${home}`,
    timeoutMs,
    actions: ["cloudwatch:GetMetricData"],
    async run(signal) {
      const ctx: CallContext = { service: "route53", region: region.id, what: `CloudWatch HealthCheckStatus in ${home}` };
      const queries = region.healthChecks.map((hc, i) => ({
        id: `hc${i}`,
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: hc.id },
        stat: "Minimum" as const,
      }));
      const points = await latestDatapoints(deps.clients.route53Metrics(region.id), queries, { signal, ctx, now: deps.now() });
      const found = [...points.values()].filter((p) => p !== null).length;
      const gap = found < queries.length ? " (the others are judged from their checkers, and a calculated one cannot be)" : "";
      return `AWS/Route53 HealthCheckStatus: a datapoint in the last 5 minutes for ${found} of ${queries.length} health checks${gap}`;
    },
  };
  return [metric, ...perCheck];
}
