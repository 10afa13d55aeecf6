import "server-only";
import { GetMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { ProviderError } from "@/server/providers/port";
import { call } from "./call";
import { invalidResponse, type CallContext } from "./errors";

/**
 * The latest datapoint of several CloudWatch metrics in one GetMetricData call.
 *
 * Window and period: the last 5 minutes at a 60 s period. Aurora global database, DynamoDB
 * global table and Route 53 health-check metrics are standard-resolution (one datapoint per
 * minute), so a shorter period would only return empty buckets; 5 minutes tolerates CloudWatch's
 * usual 1–3 minute publishing delay. A metric with no datapoint in the window yields null
 * ("not applicable here", e.g. Aurora lag read in the primary's region, where it is not published).
 * ScanBy TimestampDescending puts the newest datapoints first, so the first page is enough; the
 * newest is still picked by timestamp rather than trusting the order.
 */
export const WINDOW_MS = 5 * 60_000;
export const PERIOD_SECONDS = 60;

export interface MetricQuery {
  /** GetMetricData query id: starts with a lowercase letter, then letters, digits, underscores. */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: "Maximum" | "Minimum" | "Average";
}

export interface Datapoint {
  value: number;
  at: Date;
}

// Only what is relied on; other fields (Label, Messages…) are ignored. CloudWatch may omit empty lists.
const MetricDataResult = z.object({
  Id: z.string(),
  Timestamps: z.array(z.date()).optional(),
  Values: z.array(z.number()).optional(),
  StatusCode: z.string().optional(),
});
const GetMetricDataOutput = z.object({ MetricDataResults: z.array(MetricDataResult) });

export async function latestDatapoints(
  client: CloudWatchClient,
  queries: readonly MetricQuery[],
  opts: { signal: AbortSignal; ctx: CallContext; now: Date },
): Promise<Map<string, Datapoint | null>> {
  const { ctx, now } = opts;
  const input = {
    MetricDataQueries: queries.map((q) => ({
      Id: q.id,
      MetricStat: {
        Metric: {
          Namespace: q.namespace,
          MetricName: q.metricName,
          Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
        },
        Period: PERIOD_SECONDS,
        Stat: q.stat,
      },
      ReturnData: true,
    })),
    StartTime: new Date(now.getTime() - WINDOW_MS),
    EndTime: now,
    ScanBy: "TimestampDescending" as const,
  };
  const output = await call(opts.signal, ctx, (abortSignal) => client.send(new GetMetricDataCommand(input), { abortSignal }));
  const parsed = GetMetricDataOutput.safeParse(output);
  if (!parsed.success) throw invalidResponse(ctx, `unexpected response (${z.prettifyError(parsed.error).replaceAll("\n", " ")})`);

  const latest = new Map<string, Datapoint | null>();
  for (const q of queries) {
    const result = parsed.data.MetricDataResults.find((r) => r.Id === q.id);
    if (!result) throw invalidResponse(ctx, `no result for ${q.namespace} ${q.metricName} (query ${q.id})`);
    if (result.StatusCode === "Forbidden") {
      throw new ProviderError("access_denied", ctx.service, ctx.region, `${ctx.what}: not allowed to read ${q.namespace} ${q.metricName}`);
    }
    if (result.StatusCode === "InternalError") {
      throw new ProviderError("unavailable", ctx.service, ctx.region, `${ctx.what}: CloudWatch failed to read ${q.namespace} ${q.metricName}`);
    }
    const timestamps = result.Timestamps ?? [];
    const values = result.Values ?? [];
    if (timestamps.length !== values.length) {
      throw invalidResponse(ctx, `${q.metricName}: ${timestamps.length} timestamps but ${values.length} values`);
    }
    latest.set(q.id, newest(timestamps, values));
  }
  return latest;
}

function newest(timestamps: readonly Date[], values: readonly number[]): Datapoint | null {
  let best: Datapoint | null = null;
  for (const [i, at] of timestamps.entries()) {
    const value = values[i];
    if (value !== undefined && Number.isFinite(value) && (best === null || at.getTime() > best.at.getTime())) best = { value, at };
  }
  return best;
}
