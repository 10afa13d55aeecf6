import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { createAwsProvider } from "./index";
import { T0, awsError, awsTestConfig, noAbort, regionOf, testClock } from "./testing";

const cw = mockClient(CloudWatchClient);
const at = (minutesAgo: number) => new Date(T0.getTime() - minutesAgo * 60_000);

beforeEach(() => cw.reset());

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

describe("readLag (CloudWatch GetMetricData)", () => {
  it("makes one batched call in the region for both Aurora lag metrics of its cluster, over the last 5 minutes at 60 s", async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "auroraLag", Timestamps: [at(1), at(2)], Values: [120, 80], StatusCode: "Complete" },
        { Id: "auroraRpo", Timestamps: [at(1)], Values: [900], Label: "ignored" },
      ],
      Messages: [],
    });
    const lag = await createAwsProvider(awsTestConfig(), { clock: testClock() }).readLag("us-west-2", noAbort());
    expect(lag).toEqual({ replicationLagMs: 120, rpoLagMs: 900, datapointAt: at(1).toISOString() });

    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    expect(await regionOf(calls[0]?.thisValue)).toBe("us-west-2");
    const input = calls[0]?.args[0].input;
    expect(input?.StartTime).toEqual(at(5));
    expect(input?.EndTime).toEqual(T0);
    expect(input?.ScanBy).toBe("TimestampDescending");
    expect(input?.MetricDataQueries).toEqual([
      {
        Id: "auroraLag",
        MetricStat: {
          Metric: { Namespace: "AWS/RDS", MetricName: "AuroraGlobalDBReplicationLag", Dimensions: [{ Name: "DBClusterIdentifier", Value: "app-us-west-2" }] },
          Period: 60,
          Stat: "Maximum",
        },
        ReturnData: true,
      },
      {
        Id: "auroraRpo",
        MetricStat: {
          Metric: { Namespace: "AWS/RDS", MetricName: "AuroraGlobalDBRPOLag", Dimensions: [{ Name: "DBClusterIdentifier", Value: "app-us-west-2" }] },
          Period: 60,
          Stat: "Maximum",
        },
        ReturnData: true,
      },
    ]);
  });

  it("takes the newest datapoint whatever the order, and uses the identifier from a configured cluster ARN", async () => {
    const config = awsTestConfig((input) => {
      input.regions[1].aurora.clusterIdentifier = "arn:aws:rds:us-west-2:111122223333:cluster:payments-usw2";
    });
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "auroraLag", Timestamps: [at(3), at(1), at(2)], Values: [1, 2, 3] },
        { Id: "auroraRpo", Timestamps: [], Values: [] },
      ],
    });
    const lag = await createAwsProvider(config, { clock: testClock() }).readLag("us-west-2", noAbort());
    expect(lag).toEqual({ replicationLagMs: 2, rpoLagMs: null, datapointAt: at(1).toISOString() });
    const dims = cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input.MetricDataQueries?.[0]?.MetricStat?.Metric?.Dimensions;
    expect(dims).toEqual([{ Name: "DBClusterIdentifier", Value: "payments-usw2" }]);
  });

  it("says null in the primary's region, where Aurora publishes no lag (datapoints or lists absent)", async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "auroraLag" }, { Id: "auroraRpo", Timestamps: [], Values: [] }] });
    const lag = await createAwsProvider(awsTestConfig(), { clock: testClock() }).readLag("us-east-1", noAbort());
    // Which region is secondary is the topology's to say (the monitor): the view says what had no data.
    expect(lag).toEqual({
      replicationLagMs: null,
      rpoLagMs: null,
      datapointAt: null,
      noDatapoint: "CloudWatch AuroraGlobalDBReplicationLag (app-us-east-1) has no datapoint in the last 5 minutes",
    });
  });

  it("adds the custom metric to the same call, converted to milliseconds, and reports the worst lag", async () => {
    const config = awsTestConfig((input) => ({
      ...input,
      replication: { metrics: { custom: { namespace: "Payments/Replication", metricName: "LagSeconds", dimensions: { Stream: "ledger" }, unit: "Seconds" } } },
    }));
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "auroraLag", Timestamps: [at(1)], Values: [300] },
        { Id: "auroraRpo", Timestamps: [at(1)], Values: [400] },
        { Id: "customLag", Timestamps: [at(1)], Values: [1.5] },
      ],
    });
    const lag = await createAwsProvider(config, { clock: testClock() }).readLag("us-west-2", noAbort());
    expect(lag).toEqual({ replicationLagMs: 1500, rpoLagMs: 400, datapointAt: at(1).toISOString() });
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.MetricDataQueries?.[2]).toMatchObject({
      Id: "customLag",
      MetricStat: { Metric: { Namespace: "Payments/Replication", MetricName: "LagSeconds", Dimensions: [{ Name: "Stream", Value: "ledger" }] } },
    });
  });

  it("reads DynamoDB ReplicationLatency into the receiving region from the sending region's CloudWatch", async () => {
    const config = awsTestConfig((input) => ({
      ...input,
      replication: { metrics: { aurora: false, dynamodb: { table: "sessions", receivingRegion: "us-west-2" } } },
    }));
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "dynamoLag", Timestamps: [at(1)], Values: [640] }] });
    const p = createAwsProvider(config, { clock: testClock() });
    expect(await p.readLag("us-west-2", noAbort())).toEqual({ replicationLagMs: 640, rpoLagMs: null, datapointAt: at(1).toISOString() });
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    expect(await regionOf(calls[0]?.thisValue)).toBe("us-east-1");
    expect(calls[0]?.args[0].input.MetricDataQueries).toEqual([
      {
        Id: "dynamoLag",
        MetricStat: {
          Metric: {
            Namespace: "AWS/DynamoDB",
            MetricName: "ReplicationLatency",
            Dimensions: [{ Name: "TableName", Value: "sessions" }, { Name: "ReceivingRegion", Value: "us-west-2" }],
          },
          Period: 60,
          Stat: "Maximum",
        },
        ReturnData: true,
      },
    ]);

    // Nothing replicates into the sending region in this config, and Aurora is off: no call at all.
    cw.resetHistory();
    expect(await p.readLag("us-east-1", noAbort())).toEqual({ replicationLagMs: null, rpoLagMs: null, datapointAt: null });
    expect(cw.calls()).toHaveLength(0);
  });

  it.each([
    ["no MetricDataResults", {}, "MetricDataResults"],
    ["a result missing for a query", { MetricDataResults: [{ Id: "auroraLag", Timestamps: [], Values: [] }] }, "AuroraGlobalDBRPOLag"],
    [
      "timestamps and values of different lengths",
      { MetricDataResults: [{ Id: "auroraLag", Timestamps: [at(1)], Values: [] }, { Id: "auroraRpo" }] },
      "1 timestamps but 0 values",
    ],
    ["a result without Id", { MetricDataResults: [{ Timestamps: [], Values: [] }] }, "Id"],
  ])("rejects %s as invalid_response", async (_, response, mention) => {
    cw.on(GetMetricDataCommand).resolves(response);
    const err = await failure(createAwsProvider(awsTestConfig(), { clock: testClock() }).readLag("us-west-2", noAbort()));
    expect(err.kind).toBe("invalid_response");
    expect(err.service).toBe("cloudwatch");
    expect(err.message).toContain(mention);
  });

  it("maps a Forbidden status code to access_denied and throttling to throttled", async () => {
    const p = createAwsProvider(awsTestConfig(), { clock: testClock() });
    cw.on(GetMetricDataCommand).resolvesOnce({ MetricDataResults: [{ Id: "auroraLag", StatusCode: "Forbidden" }, { Id: "auroraRpo" }] });
    expect((await failure(p.readLag("us-west-2", noAbort()))).kind).toBe("access_denied");
    cw.on(GetMetricDataCommand).rejects(awsError("Throttling", { status: 400 }));
    const err = await failure(p.readLag("us-west-2", noAbort()));
    expect(err.kind).toBe("throttled");
    expect(err.message).toContain("GetMetricData");
  });

  it("times out when the caller aborts", async () => {
    cw.on(GetMetricDataCommand).callsFake(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = failure(createAwsProvider(awsTestConfig(), { clock: testClock() }).readLag("us-west-2", controller.signal));
    controller.abort();
    expect((await pending).kind).toBe("timeout");
  });
});
