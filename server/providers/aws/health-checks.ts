import "server-only";
import { GetHealthCheckStatusCommand } from "@aws-sdk/client-route-53";
import { z } from "zod";
import type { HealthCheckView } from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import type { AwsConfig, HealthCheckConfig } from "@/server/config";
import { ProviderError } from "@/server/providers/port";
import type { AwsClients } from "./clients";
import { call, deadline } from "./call";
import { invalidResponse, toProviderError, type CallContext } from "./errors";
import { latestDatapoints, type Datapoint } from "./metrics";
import { ROUTE53_HOME } from "./partitions";

/**
 * Route 53 health checks for one region.
 *
 * The verdict is Route 53's own: the CloudWatch metric AWS/Route53 `HealthCheckStatus`
 * (dimension HealthCheckId; 1 healthy, 0 unhealthy; statistic Minimum, so any unhealthy minute
 * counts), which Route 53 publishes only in the partition's home region (us-east-1 for aws).
 * It is what Route 53 itself routes on, it covers calculated health checks (which have no
 * checkers), and CloudWatch is built to be polled. One batched GetMetricData per read.
 *
 * Checker detail comes from GetHealthCheckStatus, which the Route 53 API reference says "is
 * intended for use during development to diagnose behavior. It doesn't support production
 * use-cases with high query rates". So it is read at most every `monitor.healthCheckDetailSeconds`
 * per check and cached in between; a failed detail read keeps the last detail and does not fail
 * the read. A calculated check answers with no observations (the API reference: "You can't use
 * GetHealthCheckStatus to get the status of a calculated health check"): it has no detail.
 *
 * When CloudWatch fails (or has no datapoint for a check), the checkers decide with Route 53's
 * rule — healthy when more than 18% of them report success ("How Amazon Route 53 determines
 * whether a health check is healthy") — read fresh: a second, independent API. When neither can
 * say, the read throws: unknown is not healthy. The metric call gets half the call timeout so the
 * checkers still have time. Not found and access denied are configuration: never papered over.
 */
export const HEALTHY_SHARE = 0.18;

const Observation = z.object({
  Region: z.string().optional(),
  IPAddress: z.string().optional(),
  StatusReport: z.object({ Status: z.string(), CheckedTime: z.date().optional() }),
});
// Route 53 (and emulators) may leave out an empty list: a calculated check has no observations.
const GetHealthCheckStatusOutput = z.object({ HealthCheckObservations: z.array(Observation).optional() });

type Checker = HealthCheckView["checkers"][number];
interface Detail {
  readAt: number;
  checkers: Checker[] | null;
  error: ProviderError | null;
}

export class HealthCheckReader {
  /** Per health check id: the last GetHealthCheckStatus, its time and failure. */
  private readonly details = new Map<string, Detail>();

  constructor(
    private readonly clients: AwsClients,
    private readonly config: AwsConfig,
    private readonly clock: Clock,
  ) {}

  async read(regionId: string, signal: AbortSignal): Promise<HealthCheckView[]> {
    const checks = this.clients.region(regionId).healthChecks;
    const timeoutMs = this.config.monitor.callTimeoutMs;
    const now = this.clock.now();
    const due = checks.filter((hc) => this.detailDue(hc.id, now.getTime()));
    const [metric] = await Promise.all([
      this.readMetric(regionId, checks, deadline(signal, timeoutMs / 2), now).then(
        (points) => ({ points, error: null }),
        (err: unknown) => ({ points: null, error: toProviderError(err, this.metricCtx(regionId)) }),
      ),
      this.refreshDetails(regionId, due, deadline(signal, timeoutMs)),
    ]);
    if (metric.error && (signal.aborted || metric.error.kind === "access_denied")) throw metric.error;
    // The checkers decide where the metric cannot: read them fresh if this read did not already.
    const undecided = checks.filter((hc) => !metric.points?.get(hc.id));
    const stale = undecided.filter((hc) => !due.includes(hc));
    if (stale.length > 0) await this.refreshDetails(regionId, stale, deadline(signal, timeoutMs));
    return checks.map((hc) => this.view(regionId, hc, metric.points?.get(hc.id) ?? null, metric.error));
  }

  private view(regionId: string, hc: HealthCheckConfig, point: Datapoint | null, metricError: ProviderError | null): HealthCheckView {
    const detail = this.details.get(hc.id);
    const checkers = detail?.checkers ?? [];
    if (point) return { id: hc.id, name: hc.name, healthy: point.value >= 1, checkers };
    if (detail?.error?.kind === "not_found" || detail?.error?.kind === "access_denied") throw detail.error;
    if (detail?.checkers && detail.checkers.length > 0 && detail.error === null) {
      const ok = detail.checkers.filter((c) => c.ok).length;
      return { id: hc.id, name: hc.name, healthy: ok / detail.checkers.length > HEALTHY_SHARE, checkers };
    }
    const home = ROUTE53_HOME[this.clients.region(regionId).partition];
    const why = metricError ? metricError.message : `CloudWatch in ${home} has no HealthCheckStatus datapoint for ${hc.id} (${hc.name}) in the last 5 minutes`;
    const checkersWhy = detail?.error ? detail.error.message : "and Route 53 reports no checkers for it (a calculated health check has none)";
    throw new ProviderError(metricError?.kind ?? "unavailable", "route53", regionId, `${why}; ${checkersWhy}`, { cause: metricError ?? detail?.error ?? undefined });
  }

  private detailDue(id: string, now: number): boolean {
    const last = this.details.get(id);
    // Failed or not, the next attempt waits the interval (a calculated check may always fail);
    // only a check the metric cannot decide is read sooner (`read`).
    return !last || now - last.readAt >= this.config.monitor.healthCheckDetailSeconds * 1000;
  }

  private metricCtx(regionId: string): CallContext {
    const home = ROUTE53_HOME[this.clients.region(regionId).partition];
    return { service: "route53", region: regionId, what: `CloudWatch HealthCheckStatus in ${home}` };
  }

  /** Route 53's verdict per check id; null where CloudWatch has no datapoint in the window. */
  private async readMetric(regionId: string, checks: readonly HealthCheckConfig[], signal: AbortSignal, now: Date): Promise<Map<string, Datapoint | null>> {
    const queries = checks.map((hc, i) => ({
      id: `hc${i}`,
      namespace: "AWS/Route53",
      metricName: "HealthCheckStatus",
      dimensions: { HealthCheckId: hc.id },
      stat: "Minimum" as const, // any unhealthy sample in the minute counts
    }));
    const points = await latestDatapoints(this.clients.route53Metrics(regionId), queries, { signal, ctx: this.metricCtx(regionId), now });
    return new Map(checks.map((hc, i) => [hc.id, points.get(`hc${i}`) ?? null]));
  }

  /** GetHealthCheckStatus for `checks`, into the cache; never throws (the failure is kept with the check). */
  private async refreshDetails(regionId: string, checks: readonly HealthCheckConfig[], signal: AbortSignal): Promise<void> {
    await Promise.all(
      checks.map(async (hc) => {
        const readAt = this.clock.now().getTime();
        try {
          this.details.set(hc.id, { readAt, checkers: await readCheckers(this.clients, regionId, hc, signal), error: null });
        } catch (err) {
          const error = toProviderError(err, { service: "route53", region: regionId, what: `Route 53 GetHealthCheckStatus ${hc.id}` });
          this.details.set(hc.id, { readAt, checkers: this.details.get(hc.id)?.checkers ?? null, error });
        }
      }),
    );
  }
}

async function readCheckers(clients: AwsClients, regionId: string, hc: HealthCheckConfig, signal: AbortSignal): Promise<Checker[]> {
  const ctx: CallContext = { service: "route53", region: regionId, what: `Route 53 GetHealthCheckStatus ${hc.id} (${hc.name})` };
  const client = clients.route53(regionId);
  const output = await call(signal, ctx, (abortSignal) => client.send(new GetHealthCheckStatusCommand({ HealthCheckId: hc.id }), { abortSignal }));
  const parsed = GetHealthCheckStatusOutput.safeParse(output);
  if (!parsed.success) throw invalidResponse(ctx, `unexpected response (${z.prettifyError(parsed.error).replaceAll("\n", " ")})`);
  return (parsed.data.HealthCheckObservations ?? []).map((o) => ({
    location: [o.Region, o.IPAddress].filter(Boolean).join(" ") || "unknown",
    ok: o.StatusReport.Status.startsWith("Success"),
    reportedAt: o.StatusReport.CheckedTime?.toISOString() ?? null,
    detail: o.StatusReport.Status,
  }));
}
