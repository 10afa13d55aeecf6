import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { GetHealthCheckStatusCommand, Route53Client } from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { createAwsProvider } from "./index";
import { T0, awsError, awsTestConfig, noAbort, raw, regionOf, testClock } from "./testing";

const r53 = mockClient(Route53Client);
const cw = mockClient(CloudWatchClient);
const HC_EAST = "00000001-1111-2222-3333-444444444444";
const HC_WEST = "00000002-1111-2222-3333-444444444444";

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

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

const provider = () => createAwsProvider(awsTestConfig(), { clock: testClock() });

describe("readHealthChecks (Route 53 GetHealthCheckStatus)", () => {
  it("asks Route 53 in us-east-1 (its home) for each configured check, whichever region it covers", async () => {
    r53.on(GetHealthCheckStatusCommand).resolves(raw({ HealthCheckObservations: observations(8, 8) }));
    const p = provider();
    await p.readHealthChecks("us-west-2", noAbort());
    await p.readHealthChecks("us-east-1", noAbort());
    const calls = r53.commandCalls(GetHealthCheckStatusCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([{ HealthCheckId: HC_WEST }, { HealthCheckId: HC_EAST }]);
    expect(await Promise.all(calls.map((c) => regionOf(c.thisValue)))).toEqual(["us-east-1", "us-east-1"]);
    expect(cw.calls()).toHaveLength(0);
  });

  it("maps each observation to a checker", async () => {
    r53.on(GetHealthCheckStatusCommand).resolves(
      raw({
        HealthCheckObservations: [
        { Region: "us-east-1", IPAddress: "15.177.0.1", StatusReport: { Status: "Success: HTTP Status Code 200, OK", CheckedTime: T0 } },
        { Region: "eu-west-1", StatusReport: { Status: "Failure: HTTP Status Code 503" }, Unexpected: true },
        ],
      }),
    );
    const [view] = await provider().readHealthChecks("us-east-1", noAbort());
    expect(view).toEqual({
      id: HC_EAST,
      name: "hc us-east-1",
      healthy: true,
      checkers: [
        { location: "us-east-1 15.177.0.1", ok: true, reportedAt: T0.toISOString(), detail: "Success: HTTP Status Code 200, OK" },
        { location: "eu-west-1", ok: false, reportedAt: null, detail: "Failure: HTTP Status Code 503" },
      ],
    });
  });

  it.each([
    [1, 8, false], // 12.5%
    [2, 8, true], // 25%
    [9, 50, false], // exactly 18% is not more than 18%
    [10, 50, true], // 20%
    [0, 0, false], // no observation is no evidence
  ])("%i of %i checkers reporting success → healthy %s (Route 53's > 18%% rule)", async (ok, total, healthy) => {
    r53.on(GetHealthCheckStatusCommand).resolves(raw({ HealthCheckObservations: observations(ok, total) }));
    const [view] = await provider().readHealthChecks("us-east-1", noAbort());
    expect(view?.healthy).toBe(healthy);
    expect(view?.checkers).toHaveLength(total);
  });

  it("falls back to the CloudWatch HealthCheckStatus metric in us-east-1 when Route 53 throttles", async () => {
    r53.on(GetHealthCheckStatusCommand).rejects(awsError("Throttling", { status: 400 }));
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "hc0", Timestamps: [new Date(T0.getTime() - 60_000)], Values: [0] }] });
    const views = await provider().readHealthChecks("us-west-2", noAbort());
    expect(views).toEqual([{ id: HC_WEST, name: "hc us-west-2", healthy: false, checkers: [] }]);
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
  });

  it("falls back when Route 53 answers without observations, and reads 1 as healthy", async () => {
    r53.on(GetHealthCheckStatusCommand).resolves({});
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "hc0", Timestamps: [T0], Values: [1] }] });
    expect(await provider().readHealthChecks("us-east-1", noAbort())).toEqual([{ id: HC_EAST, name: "hc us-east-1", healthy: true, checkers: [] }]);
  });

  it("falls back when Route 53 does not answer within half the call timeout", async () => {
    const config = awsTestConfig((input) => ({ ...input, monitor: { callTimeoutMs: 200 } }));
    r53.on(GetHealthCheckStatusCommand).callsFake(() => new Promise(() => {}));
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "hc0", Timestamps: [T0], Values: [1] }] });
    const [view] = await createAwsProvider(config, { clock: testClock() }).readHealthChecks("us-east-1", noAbort());
    expect(view?.healthy).toBe(true);
  });

  it("throws, naming both failures, when the fallback fails too", async () => {
    r53.on(GetHealthCheckStatusCommand).rejects(awsError("ServiceUnavailable", { status: 503, fault: "server" }));
    cw.on(GetMetricDataCommand).rejects(awsError("InternalServiceError", { status: 500, fault: "server" }));
    const err = await failure(provider().readHealthChecks("us-east-1", noAbort()));
    expect(err.kind).toBe("unavailable");
    expect(err.service).toBe("route53");
    expect(err.message).toContain("ServiceUnavailable");
    expect(err.message).toContain("InternalServiceError");
  });

  it("throws when the fallback has no recent datapoint: unknown is not healthy", async () => {
    r53.on(GetHealthCheckStatusCommand).rejects(awsError("ThrottlingException"));
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "hc0", Timestamps: [], Values: [] }] });
    const err = await failure(provider().readHealthChecks("us-east-1", noAbort()));
    expect(err.kind).toBe("throttled");
    expect(err.message).toContain("no HealthCheckStatus datapoint");
  });

  it("does not paper over a health check that does not exist", async () => {
    r53.on(GetHealthCheckStatusCommand).rejects(awsError("NoSuchHealthCheck", { status: 404 }));
    const err = await failure(provider().readHealthChecks("us-east-1", noAbort()));
    expect(err.kind).toBe("not_found");
    expect(cw.calls()).toHaveLength(0);
  });

  it("uses the partition's Route 53 home region in GovCloud", async () => {
    const config = awsTestConfig((input) => {
      const [east, west] = input.regions;
      return {
        ...input,
        regions: [east, { ...west, id: "us-gov-west-1", partition: "aws-us-gov", credentials: { roleArn: "arn:aws-us-gov:iam::111122223333:role/console" } }],
      };
    });
    r53.on(GetHealthCheckStatusCommand).resolves(raw({ HealthCheckObservations: observations(8, 8) }));
    await createAwsProvider(config, { clock: testClock() }).readHealthChecks("us-gov-west-1", noAbort());
    expect(await regionOf(r53.commandCalls(GetHealthCheckStatusCommand)[0]?.thisValue)).toBe("us-gov-west-1");
  });
});
