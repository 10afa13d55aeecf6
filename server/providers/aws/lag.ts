import "server-only";
import type { LagView } from "@/lib/snapshot";
import type { AwsConfig, LagUnit } from "@/server/config";
import type { AwsClients } from "./clients";
import { deadline } from "./call";
import type { CallContext } from "./errors";
import { WINDOW_MS, latestDatapoints, type Datapoint, type MetricQuery } from "./metrics";

/**
 * Replication lag into a region, from CloudWatch.
 *
 * - Aurora: `AuroraGlobalDBReplicationLag` and `AuroraGlobalDBRPOLag` (AWS/RDS, dimension
 *   DBClusterIdentifier = this region's cluster, milliseconds) are published only in the
 *   secondary's region, so they are read in the region itself; in the primary's region there is
 *   no datapoint and the view says null.
 * - Custom metric (your own replication, e.g. across partitions): read in the region itself,
 *   converted to milliseconds from its configured unit.
 * Both go in ONE batched GetMetricData call in the region per poll.
 *
 * - DynamoDB `ReplicationLatency` (AWS/DynamoDB, TableName + ReceivingRegion, milliseconds) is
 *   emitted by the *sending* replica's region, one series per receiving region. So the lag into
 *   `receivingRegion` is read from the other region's CloudWatch, in a second call made in
 *   parallel, only when reading the receiving region. That dependency on the sending region is
 *   inherent in where DynamoDB publishes the metric; if that call fails the lag is unknown and
 *   the read fails (unknown is never reported as healthy).
 *
 * `replicationLagMs` is the worst of the configured replication lags (the budget applies to
 * whichever stream is furthest behind); `rpoLagMs` is Aurora's RPO lag. The "Maximum" statistic
 * is used so a spike inside the minute is not averaged away.
 */
const TO_MS: Record<LagUnit, number> = { Microseconds: 0.001, Milliseconds: 1, Seconds: 1000 };

/** The DB cluster identifier CloudWatch uses as dimension, from an identifier or a cluster ARN. */
export function clusterId(identifierOrArn: string): string {
  const marker = ":cluster:";
  const i = identifierOrArn.indexOf(marker);
  return i >= 0 ? identifierOrArn.slice(i + marker.length) : identifierOrArn;
}

export async function readLag(
  clients: AwsClients,
  config: AwsConfig,
  regionId: string,
  signal: AbortSignal,
  now: Date,
): Promise<LagView> {
  const { metrics } = config.replication;
  const region = clients.region(regionId);
  const own: MetricQuery[] = [];
  if (metrics.aurora) {
    const dimensions = { DBClusterIdentifier: clusterId(region.aurora.clusterIdentifier) };
    own.push({ id: "auroraLag", namespace: "AWS/RDS", metricName: "AuroraGlobalDBReplicationLag", dimensions, stat: "Maximum" });
    own.push({ id: "auroraRpo", namespace: "AWS/RDS", metricName: "AuroraGlobalDBRPOLag", dimensions, stat: "Maximum" });
  }
  if (metrics.custom) {
    const { namespace, metricName, dimensions } = metrics.custom;
    own.push({ id: "customLag", namespace, metricName, dimensions, stat: "Maximum" });
  }
  const callSignal = deadline(signal, config.monitor.callTimeoutMs);
  const ctx: CallContext = { service: "cloudwatch", region: regionId, what: `CloudWatch GetMetricData (lag) in ${regionId}` };

  const sender = metrics.dynamodb?.receivingRegion === regionId ? config.regions.find((r) => r.id !== regionId) : undefined;
  const [ownPoints, dynamo] = await Promise.all([
    own.length > 0 ? latestDatapoints(clients.cloudwatch(regionId), own, { signal: callSignal, ctx, now }) : new Map<string, Datapoint | null>(),
    metrics.dynamodb && sender
      ? latestDatapoints(
          clients.cloudwatch(sender.id),
          [
            {
              id: "dynamoLag",
              namespace: "AWS/DynamoDB",
              metricName: "ReplicationLatency",
              dimensions: { TableName: metrics.dynamodb.table, ReceivingRegion: regionId },
              stat: "Maximum",
            },
          ],
          { signal: callSignal, now, ctx: { ...ctx, what: `CloudWatch GetMetricData (DynamoDB ReplicationLatency into ${regionId}) in ${sender.id}` } },
        )
      : new Map<string, Datapoint | null>(),
  ]);

  const ms = (p: Datapoint | null | undefined, factor = 1) => (p && p.value >= 0 ? p.value * factor : null);
  const lags = [
    ms(ownPoints.get("auroraLag")),
    ms(ownPoints.get("customLag"), metrics.custom ? TO_MS[metrics.custom.unit] : 1),
    ms(dynamo.get("dynamoLag")),
  ].filter((v): v is number => v !== null);
  // The values are as old as the oldest datapoint behind them (CloudWatch's own timestamps).
  const used = [ownPoints.get("auroraLag"), ownPoints.get("customLag"), dynamo.get("dynamoLag"), ownPoints.get("auroraRpo")].filter(
    (p): p is Datapoint => p !== null && p !== undefined && p.value >= 0,
  );
  const oldest = used.length > 0 ? Math.min(...used.map((p) => p.at.getTime())) : null;
  const view: LagView = {
    replicationLagMs: lags.length > 0 ? Math.max(...lags) : null,
    rpoLagMs: ms(ownPoints.get("auroraRpo")),
    datapointAt: oldest === null ? null : new Date(oldest).toISOString(),
  };
  if (view.replicationLagMs !== null || view.rpoLagMs !== null) return view;
  // Nothing to show. Whether that is fine (the primary's region) is the topology's to say, which
  // the monitor knows; this says what was asked for and found empty.
  const asked = [
    metrics.aurora ? `AuroraGlobalDBReplicationLag (${clusterId(region.aurora.clusterIdentifier)})` : null,
    metrics.custom ? `${metrics.custom.namespace} ${metrics.custom.metricName}` : null,
    metrics.dynamodb && sender ? `DynamoDB ReplicationLatency (${metrics.dynamodb.table} into ${regionId}, read in ${sender.id})` : null,
  ].filter((m): m is string => m !== null);
  if (asked.length === 0) return view;
  return { ...view, noDatapoint: `CloudWatch ${asked.join(", ")} has no datapoint in the last ${WINDOW_MS / 60_000} minutes` };
}
