import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { GetHealthCheckStatusCommand, Route53Client } from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createAwsProvider } from "./index";
import { T0, awsError, awsTestConfig, noAbort, providerError, raw, regionOf, testClock, type AwsInput } from "./testing";

const r53 = mockClient(Route53Client);
const cw = mockClient(CloudWatchClient);
const HC_EAST = "00000001-1111-2222-3333-444444444444";
const HC_WEST = "00000002-1111-2222-3333-444444444444";
const minuteAgo = new Date(T0.getTime() - 60_000);

beforeEach(() => {
  r53.reset();
  cw.reset();
});

function observations(ok: number, total: number) {
  return Array.from({ length: total }, (_, i) => ({
    Region: ["us-east-1", "us-west-1", "eu-west-1", "ap-southeast-1"][i % 4],
    IPAddress: `15.177.0.${i}`,
    StatusReport: {
      Status: i < ok ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out.",
      CheckedTime: new Date(T0.getTime() - 10_000),
    },
  }));
}

/** Route 53's verdict for the first (only) check: 1 healthy, 0 unhealthy; null: no datapoint. */
const metric = (value: number | null) =>
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "hc0", Timestamps: value === null ? [] : [minuteAgo], Values: value === null ? [] : [value] }] });

const provider = (edit?: (input: AwsInput) => unknown) => {
  const clock = testClock();
  return { clock, p: createAwsProvider(awsTestConfig(edit), { clock }) };
};

describe("readHealthChecks: Route 53's verdict from CloudWatch HealthCheckStatus, checker detail from GetHealthCheckStatus", () => {
  it("takes the verdict from the HealthCheckStatus metric in us-east-1, whatever the checkers say", async () => {
    metric(0);
    r53.on(GetHealthCheckStatusCommand).resolves(raw({ HealthCheckObservations: observations(8, 8) }));
    const [view] = await provider().p.readHealthChecks("us-west-2", noAbort());
    // Route 53 says unhealthy (say, a string-match or latency rule the checkers' text does not show): so does the console.
    expect(view).toMatchObject({ id: HC_WEST, healthy: false });
    expect(view?.checkers).toHaveLength(8);
    const call = cw.commandCalls(GetMetricDataCommand)[0];
    expect(await regionOf(call?.thisValue)).toBe("us-east-1");
    expect(call?.args[0].input.MetricDataQueries).toEqual([
      {
        Id: "hc0",
        MetricStat: {
          Metric: { Namespace: "AWS/Route53", MetricName: "HealthCheckStatus", Dimensions: [{ Name: "HealthCheckId", Value: HC_WEST }] },
          Period: 60,
          Stat: "Minimum",
        },
        ReturnData: true,
      },
    ]);
    const detail = r53.commandCalls(GetHealthCheckStatusCommand);
    expect(detail.map((c) => c.args[0].input)).toEqual([{ HealthCheckId: HC_WEST }]);
    expect(await regionOf(detail[0]?.thisValue)).toBe("us-east-1");
  });

  it("a calculated health check (no checkers: GetHealthCheckStatus answers empty) is healthy from the metric", async () => {
    metric(1);
    r53.on(GetHealthCheckStatusCommand).resolvesOnce({ HealthCheckObservations: [] }).resolves({});
    const { clock, p } = provider((input) => ({ ...input, monitor: { healthCheckDetailSeconds: 0 } }));
    const healthy = [{ id: HC_EAST, name: "hc us-east-1", healthy: true, checkers: [] }];
    expect(await p.readHealthChecks("us-east-1", noAbort())).toEqual(healthy);
    clock.advance(1000);
    // An emulator may leave the empty list out altogether.
    expect(await p.readHealthChecks("us-east-1", noAbort())).toEqual(healthy);
  });

  it("reads GetHealthCheckStatus (not for production polling) at most every healthCheckDetailSeconds, keeping its checkers in between", async () => {
    metric(1);
    r53.on(GetHealthCheckStatusCommand).resolves(raw({ HealthCheckObservations: observations(8, 8) }));
    const { clock, p } = provider((input) => ({ ...input, monitor: { healthCheckDetailSeconds: 60 } }));
    await p.readHealthChecks("us-east-1", noAbort());
    clock.advance(5_000);
    const [cached] = await p.readHealthChecks("us-east-1", noAbort());
    expect(cached?.checkers).toHaveLength(8);
    expect(r53.commandCalls(GetHealthCheckStatusCommand)).toHaveLength(1);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(2);
    clock.advance(55_000);
    await p.readHealthChecks("us-east-1", noAbort());
    expect(r53.commandCalls(GetHealthCheckStatusCommand)).toHaveLength(2);
  });

  it("a failing detail read does not fail the verdict", async () => {
    metric(1);
    r53.on(GetHealthCheckStatusCommand).rejects(awsError("Throttling", { status: 400 }));
    expect(await provider().p.readHealthChecks("us-east-1", noAbort())).toEqual([{ id: HC_EAST, name: "hc us-east-1", healthy: true, checkers: [] }]);
  });

  it.each([
    [1, 8, false], // 12.5%
    [2, 8, true], // 25%
    [9, 50, false], // exactly 18% is not more than 18%
    [10, 50, true], // 20%
  ])("when CloudWatch fails, %i of %i checkers reporting success → healthy %s (Route 53's > 18%% rule)", async (ok, total, healthy) => {
    cw.on(GetMetricDataCommand).rejects(awsError("InternalServiceError", { status: 500, fault: "server" }));
    r53.on(GetHealthCheckStatusCommand).resolves(raw({ HealthCheckObservations: observations(ok, total) }));
    const [view] = await provider().p.readHealthChecks("us-east-1", noAbort());
    expect(view?.healthy).toBe(healthy);
    expect(view?.checkers).toHaveLength(total);
  });

  it("reads the checkers afresh when the metric has no datapoint, even inside the detail interval", async () => {
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: "hc0", Timestamps: [minuteAgo], Values: [1] }] })
      .resolves({ MetricDataResults: [{ Id: "hc0", Timestamps: [], Values: [] }] });
    r53.on(GetHealthCheckStatusCommand).resolvesOnce(raw({ HealthCheckObservations: observations(8, 8) })).resolves(raw({ HealthCheckObservations: observations(0, 8) }));
    const { clock, p } = provider();
    await p.readHealthChecks("us-east-1", noAbort());
    clock.advance(5_000);
    const [view] = await p.readHealthChecks("us-east-1", noAbort());
    expect(view?.healthy).toBe(false);
    expect(r53.commandCalls(GetHealthCheckStatusCommand)).toHaveLength(2);
  });

  it("throws, naming both, when neither CloudWatch nor the checkers can say: unknown is not healthy", async () => {
    cw.on(GetMetricDataCommand).rejects(awsError("InternalServiceError", { status: 500, fault: "server" }));
    r53.on(GetHealthCheckStatusCommand).rejects(awsError("ServiceUnavailable", { status: 503, fault: "server" }));
    const err = await providerError(provider().p.readHealthChecks("us-east-1", noAbort()));
    expect(err).toMatchObject({ kind: "unavailable", service: "route53" });
    expect(err.message).toContain("InternalServiceError");
    expect(err.message).toContain("ServiceUnavailable");
  });

  it("throws when a calculated check has no datapoint: no checkers to fall back on", async () => {
    metric(null);
    r53.on(GetHealthCheckStatusCommand).resolves({});
    const err = await providerError(provider().p.readHealthChecks("us-east-1", noAbort()));
    expect(err.message).toContain("no HealthCheckStatus datapoint");
    expect(err.message).toContain("calculated health check");
  });

  it("does not paper over a health check that does not exist", async () => {
    metric(null);
    r53.on(GetHealthCheckStatusCommand).rejects(awsError("NoSuchHealthCheck", { status: 404 }));
    expect((await providerError(provider().p.readHealthChecks("us-east-1", noAbort()))).kind).toBe("not_found");
  });

  it("uses the partition's Route 53 home region in GovCloud, for the metric and the detail", async () => {
    const edit = (input: AwsInput) => {
      const [east, west] = input.regions;
      return {
        ...input,
        regions: [east, { ...west, id: "us-gov-west-1", partition: "aws-us-gov", credentials: { roleArn: "arn:aws-us-gov:iam::111122223333:role/console" } }],
      };
    };
    metric(1);
    r53.on(GetHealthCheckStatusCommand).resolves(raw({ HealthCheckObservations: observations(8, 8) }));
    await provider(edit).p.readHealthChecks("us-gov-west-1", noAbort());
    expect(await regionOf(r53.commandCalls(GetHealthCheckStatusCommand)[0]?.thisValue)).toBe("us-gov-west-1");
    expect(await regionOf(cw.commandCalls(GetMetricDataCommand)[0]?.thisValue)).toBe("us-gov-west-1");
  });
});
