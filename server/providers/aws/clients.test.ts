import { createServer } from "node:http";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeGlobalClustersCommand, RDSClient } from "@aws-sdk/client-rds";
import { ListSafetyRulesCommand } from "@aws-sdk/client-route53-recovery-control-config";
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AwsClients } from "./clients";
import { call } from "./call";
import { errorKind } from "./errors";
import { manualClock } from "@/server/clock";
import { T0, awsTestConfig, endpointOf, noAbort, providerError, regionOf, testClock, type AwsInput } from "./testing";

// Credential providers are replaced by fakes: no profile file, STS or IMDS is touched.
const fake = vi.hoisted(() => ({ resolve: vi.fn() }));
vi.mock("@aws-sdk/credential-providers", () => ({
  fromTemporaryCredentials: vi.fn(() => fake.resolve),
  fromIni: vi.fn(() => fake.resolve),
  fromNodeProviderChain: vi.fn(() => fake.resolve),
}));

const HANDLER = { connectionTimeout: 3000, requestTimeout: 3000, throwOnRequestTimeout: true };

function threeKinds(input: AwsInput) {
  Object.assign(input.regions[0], {
    endpoints: { sts: "https://sts-fips.us-east-1.amazonaws.com", rds: "https://rds-fips.us-east-1.amazonaws.com", cloudwatch: "https://monitoring.vpce.example.com" },
  });
  input.regions[1].credentials = { profile: "payments-usw2" } as unknown as AwsInput["regions"][1]["credentials"];
}

beforeEach(() => {
  vi.clearAllMocks();
  fake.resolve.mockResolvedValue({ accessKeyId: "AKIA", secretAccessKey: "secret", expiration: new Date(T0.getTime() + 3600_000) });
});

let open: AwsClients | undefined;
afterEach(() => open?.destroy());

function clients(edit?: (input: AwsInput) => unknown) {
  open = new AwsClients(awsTestConfig(edit), testClock());
  return open;
}

describe("AwsClients", () => {
  it("builds one client per region and service, lazily, in that region", async () => {
    const c = clients();
    expect(fromTemporaryCredentials).not.toHaveBeenCalled();
    const east = c.rds("us-east-1");
    expect(c.rds("us-east-1")).toBe(east);
    expect(c.rds("us-west-2")).not.toBe(east);
    expect(await regionOf(east)).toBe("us-east-1");
    expect(await regionOf(c.s3("us-west-2"))).toBe("us-west-2");
    expect(await regionOf(c.dynamodb("us-west-2"))).toBe("us-west-2");
    expect(await regionOf(c.ssm("us-east-1"))).toBe("us-east-1");
    expect(await east.config.maxAttempts()).toBe(2);
  });

  it("puts the global APIs in their home region: Route 53 and its metrics in us-east-1, ARC control-config in us-west-2", async () => {
    const c = clients();
    expect(await regionOf(c.route53("us-west-2"))).toBe("us-east-1");
    expect(await regionOf(c.route53Metrics("us-west-2"))).toBe("us-east-1");
    expect(await regionOf(c.controlConfig("us-east-1"))).toBe("us-west-2");
  });

  it("gives every request a timeout from monitor.callTimeoutMs, even without an abort signal", async () => {
    // A local server that accepts the connection and never answers.
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const c = clients((input) => {
        Object.assign(input.regions[0], { endpoints: { rds: `http://127.0.0.1:${port}` } });
        return { ...input, monitor: { callTimeoutMs: 150 } };
      });
      const err: unknown = await c
        .rds("us-east-1")
        .send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: "payments-global" }))
        .then(() => undefined, (e: unknown) => e);
      expect(errorKind(err)).toBe("timeout");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("runs the older control-config client (3.332) on the same HTTP handler, with its timeout", async () => {
    const hang = { value: false };
    const server = createServer((req, res) => {
      if (hang.value) return;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ SafetyRules: [], NextToken: "n" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const c = clients((input) => {
        Object.assign(input.regions[0], { endpoints: { route53RecoveryControlConfig: `http://127.0.0.1:${port}` } });
        return { ...input, monitor: { callTimeoutMs: 150 } };
      });
      const client = c.controlConfig("us-east-1");
      const output = await client.send(new ListSafetyRulesCommand({ ControlPanelArn: "arn:aws:route53-recovery-control::111122223333:controlpanel/abc" }));
      expect(output).toMatchObject({ SafetyRules: [], NextToken: "n" });
      hang.value = true;
      const err: unknown = await client
        .send(new ListSafetyRulesCommand({ ControlPanelArn: "arn:aws:route53-recovery-control::111122223333:controlpanel/abc" }))
        .then(() => undefined, (e: unknown) => e);
      expect(errorKind(err)).toBe("timeout");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("applies a region's endpoint overrides to its own services only", async () => {
    const c = clients(threeKinds);
    expect(await endpointOf(c.rds("us-east-1"))).toBe("https://rds-fips.us-east-1.amazonaws.com/");
    expect(await endpointOf(c.rds("us-west-2"))).toBeNull();
    expect(await endpointOf(c.cloudwatch("us-east-1"))).toBe("https://monitoring.vpce.example.com/");
    // CloudWatch read elsewhere (Route 53 metrics for another region) does not take this region's override.
    expect(await endpointOf(c.cloudwatch("us-east-1", "us-west-2"))).toBeNull();
  });

  it("sends Route 53's CloudWatch metrics to endpoints.route53Metrics, or in the home region to its cloudwatch override", async () => {
    const c = clients((input) => {
      Object.assign(input.regions[0], { endpoints: { cloudwatch: "http://localhost:4566" } });
      Object.assign(input.regions[1], { endpoints: { cloudwatch: "http://localhost:4567", route53Metrics: "http://localhost:4566" } });
    });
    // us-west-2's read of HealthCheckStatus goes to us-east-1's CloudWatch, through its own override.
    expect(await regionOf(c.route53Metrics("us-west-2"))).toBe("us-east-1");
    expect(await endpointOf(c.route53Metrics("us-west-2"))).toBe("http://localhost:4566/");
    // us-east-1 is the home region: its own CloudWatch override is the one.
    expect(await endpointOf(c.route53Metrics("us-east-1"))).toBe("http://localhost:4566/");
  });

  it("addresses S3 path-style in a region with endpoints.s3ForcePathStyle (emulators), virtual-hosted elsewhere", async () => {
    const c = clients((input) => {
      Object.assign(input.regions[0], { endpoints: { s3: "http://localhost:4566", s3ForcePathStyle: true } });
    });
    expect(c.s3("us-east-1").config.forcePathStyle).toBe(true);
    expect(c.s3("us-west-2").config.forcePathStyle).toBe(false);
  });

  it("assumes a region's role through STS in that region, with its external id and the sts override", async () => {
    const c = clients(threeKinds);
    await c.rds("us-east-1").config.credentials();
    expect(fromTemporaryCredentials).toHaveBeenCalledWith({
      params: { RoleArn: "arn:aws:iam::111122223333:role/failover-console", ExternalId: "ext-id", RoleSessionName: "failover-console" },
      clientConfig: { region: "us-east-1", endpoint: "https://sts-fips.us-east-1.amazonaws.com", maxAttempts: 2, requestHandler: HANDLER },
    });
  });

  it("uses a named profile, with its STS calls in the region", async () => {
    const c = clients(threeKinds);
    await c.s3("us-west-2").config.credentials();
    expect(fromIni).toHaveBeenCalledWith({
      profile: "payments-usw2",
      clientConfig: { region: "us-west-2", endpoint: undefined, maxAttempts: 2, requestHandler: HANDLER },
    });
  });

  it("uses the default chain for { source: default }", async () => {
    const c = clients((input) => {
      input.regions[1].credentials = { source: "default" } as unknown as AwsInput["regions"][1]["credentials"];
    });
    await c.ssm("us-west-2").config.credentials();
    expect(fromNodeProviderChain).toHaveBeenCalledWith({ clientConfig: expect.objectContaining({ region: "us-west-2" }) });
  });

  it("resolves a region's credentials once for all its clients, and again when they near expiry", async () => {
    // The SDK's own memoisation checks expiry against the wall clock, so this test's clock starts at the wall's now.
    const clock = manualClock(new Date());
    fake.resolve.mockResolvedValue({ accessKeyId: "AKIA", secretAccessKey: "secret", expiration: new Date(clock.now().getTime() + 3600_000) });
    const c = new AwsClients(awsTestConfig(), clock);
    open = c;
    await c.rds("us-east-1").config.credentials();
    await c.s3("us-east-1").config.credentials();
    await c.ssm("us-east-1").config.credentials();
    expect(fake.resolve).toHaveBeenCalledTimes(1);
    clock.advance(56 * 60_000); // within 5 minutes of the one-hour expiry
    await c.dynamodb("us-east-1").config.credentials();
    expect(fake.resolve).toHaveBeenCalledTimes(2);
  });

  it("does not cache a failed resolution", async () => {
    fake.resolve.mockRejectedValueOnce(Object.assign(new Error("could not assume role"), { name: "CredentialsProviderError" }));
    const c = clients();
    await expect(c.rds("us-east-1").config.credentials()).rejects.toThrow("could not assume role");
    await expect(c.s3("us-east-1").config.credentials()).resolves.toMatchObject({ accessKeyId: "AKIA" });
  });

  it("destroys every client it built", () => {
    const destroy = vi.spyOn(RDSClient.prototype, "destroy");
    const c = clients();
    c.rds("us-east-1");
    c.rds("us-west-2");
    c.destroy();
    expect(destroy).toHaveBeenCalledTimes(2);
    destroy.mockRestore();
  });

  it("reads a proxy's HTML error page as 'HTTP 502 from <endpoint>', not as the SDK's XML or JSON parse error", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const c = clients((input) => {
        Object.assign(input.regions[0], { endpoints: { rds: `http://127.0.0.1:${port}`, cloudwatch: `http://127.0.0.1:${port}` } });
      });
      const rds = await providerError(
        call(noAbort(), { service: "rds", region: "us-east-1", what: "RDS DescribeGlobalClusters payments-global in us-east-1" }, (abortSignal) =>
          c.rds("us-east-1").send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: "payments-global" }), { abortSignal }),
        ),
      );
      expect(rds.kind).toBe("unavailable");
      expect(rds.message).toBe(`RDS DescribeGlobalClusters payments-global in us-east-1: HTTP 502 from http://127.0.0.1:${port}/ (text/html, not an AWS answer)`);
      // CloudWatch speaks JSON: the same page is a JSON syntax error inside the SDK, and reads the same here.
      const cw = await providerError(
        call(noAbort(), { service: "cloudwatch", region: "us-east-1", what: "CloudWatch GetMetricData" }, (abortSignal) =>
          c.cloudwatch("us-east-1").send(new GetMetricDataCommand({ MetricDataQueries: [], StartTime: T0, EndTime: T0 }), { abortSignal }),
        ),
      );
      expect(cw.message).toBe(`CloudWatch GetMetricData: HTTP 502 from http://127.0.0.1:${port}/ (text/html, not an AWS answer)`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
