import { join } from "node:path";
import { Readable } from "node:stream";
import { GetMetricDataCommand, CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DescribeGlobalClustersCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetHealthCheckStatusCommand, Route53Client } from "@aws-sdk/client-route-53";
import { GetRoutingControlStateCommand, Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { Route53RecoveryControlConfigClient } from "@aws-sdk/client-route53-recovery-control-config";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { sdkStreamMixin } from "@smithy/core/serde";
import { mockClient } from "aws-sdk-client-mock";
import { rm, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { awsError, raw } from "@/server/providers/aws/testing";
import { runDoctor, type DoctorOutcome, type DoctorReport } from "./doctor";
import { formatDoctorJson, formatDoctorTable } from "./doctor-format";
import { ACCOUNT, configFile, credentialsFile, tempDir, type ToolConfigInput } from "./testing";

const sts = mockClient(STSClient);
const rds = mockClient(RDSClient);
const cloudwatch = mockClient(CloudWatchClient);
const route53 = mockClient(Route53Client);
const arc = mockClient(Route53RecoveryClusterClient);
// Bridged through `unknown` as in the provider's own tests: this client (3.332) carries older types.
const controlConfig = mockClient(Route53RecoveryControlConfigClient as unknown as Parameters<typeof mockClient>[0]);
const s3 = mockClient(S3Client);
const ssm = mockClient(SSMClient);
const mocks = [sts, rds, cloudwatch, route53, arc, controlConfig, s3, ssm];

const READY = { writable: true, schemaVersion: "2026.01.3", authorisedForWrites: true };
const readyFetch: typeof fetch = async () => new Response(JSON.stringify(READY), { status: 200 });
const body = (text: string) => sdkStreamMixin(Readable.from([Buffer.from(text)]));

/** Every AWS call the doctor makes answers as a healthy deployment would. */
function healthyAws(): void {
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/console/doctor`, UserId: "AROA:doctor" });
  rds.on(DescribeGlobalClustersCommand).resolves({
    GlobalClusters: [
      {
        GlobalClusterIdentifier: "payments-global",
        Status: "available",
        GlobalClusterMembers: [
          { DBClusterArn: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:app-us-east-1`, IsWriter: true },
          { DBClusterArn: `arn:aws:rds:us-west-2:${ACCOUNT}:cluster:app-us-west-2`, IsWriter: false, SynchronizationStatus: "connected" },
        ],
      },
    ],
  });
  cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries?: { Id?: string }[] }) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({ Id: q.Id, Timestamps: [new Date()], Values: [1] })),
  }));
  route53.on(GetHealthCheckStatusCommand).resolves({
    HealthCheckObservations: Array.from({ length: 8 }, () => ({ StatusReport: { Status: "Success: HTTP Status Code 200, OK" } })),
  });
  arc.on(GetRoutingControlStateCommand).callsFake((input: { RoutingControlArn?: string }) => ({
    RoutingControlArn: input.RoutingControlArn,
    RoutingControlState: "On",
  }));
  controlConfig.onAnyCommand().resolves(raw({ SafetyRules: [] }));
  s3.on(GetObjectCommand).callsFake(() => ({ Body: body(JSON.stringify({ role: "primary", epoch: 3 })) }));
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "active" } });
}

let dir: string;
beforeEach(async () => {
  for (const m of mocks) m.reset();
  dir = await tempDir();
  // Credentials come from a profile in a temporary file: real resolution, no network, nothing from the machine.
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", await credentialsFile(dir));
  vi.stubEnv("AWS_CONFIG_FILE", join(dir, "no-config"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function doctor(edit?: (input: ToolConfigInput) => void, fetchImpl: typeof fetch = readyFetch): Promise<DoctorOutcome> {
  return runDoctor(await configFile(dir, edit), { fetch: fetchImpl, random: () => 0.999 });
}

function reportOf(outcome: DoctorOutcome): DoctorReport {
  if (outcome.exitCode === 2) throw new Error(`expected a report, got: ${outcome.error}`);
  return outcome.report;
}

function row(report: DoctorReport, region: string, check: string) {
  const found = report.rows.find((r) => r.region === region && r.check === check);
  if (!found) throw new Error(`no row ${region} / ${check} in ${report.rows.map((r) => `${r.region} ${r.check}`).join("; ")}`);
  return found;
}

const slowCallTimeout = (ms: number) => (input: ToolConfigInput) => Object.assign(input, { monitor: { callTimeoutMs: ms } });

describe("doctor", () => {
  it("passes every check of a healthy deployment and exits 0", async () => {
    healthyAws();
    const outcome = await doctor();
    const report = reportOf(outcome);
    expect(outcome.exitCode).toBe(0);
    expect(report.failed).toBe(0);
    const checks = report.rows.filter((r) => r.region === "us-east-1").map((r) => [r.service, r.check]);
    expect(checks).toEqual([
      ["sts", "credentials (profile doctor-test)"],
      ["rds", "global cluster payments-global"],
      ["rds", "member cluster app-us-east-1"],
      ["cloudwatch", "lag metrics"],
      ["cloudwatch", "health check status metric in us-east-1"],
      ["route53", "health check 00000001-1111-2222-3333-444444444444"],
      ["arc", "routing control rc us-east-1"],
      ["arc", "ARC endpoint us-east-1"],
      ["arc-config", "safety rules of control panel abc"],
      ["authority", "authority flag"],
      ["appRole", "app role"],
      ["readiness", "readiness probe"],
    ]);
    expect(report.rows).toHaveLength(24);
    expect(row(report, "us-east-1", "credentials (profile doctor-test)").detail).toBe(`account ${ACCOUNT}, arn:aws:sts::${ACCOUNT}:assumed-role/console/doctor`);
    expect(row(report, "us-west-2", "member cluster app-us-west-2").detail).toBe("reader in payments-global, synchronization connected");
    expect(row(report, "us-east-1", "routing control rc us-east-1").detail).toBe("On (answered by the us-east-1 endpoint)");
    expect(row(report, "us-west-2", "authority flag").detail).toBe("s3://flags-us-west-2/authority.json in us-west-2: primary at epoch 3");
    for (const r of report.rows) expect(r.latencyMs).toEqual(expect.any(Number));
  });

  it("prints an aligned table with a summary line, and the same rows as JSON", async () => {
    healthyAws();
    const report = reportOf(await doctor());
    const lines = formatDoctorTable(report).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^region\s+service\s+check\s+result\s+latency ms\s+detail$/);
    expect(lines.at(-1)).toBe("24 checks, 0 failed");
    expect(lines.filter((l) => /^us-(east-1|west-2)\s/.test(l))).toHaveLength(24);
    const json = JSON.parse(formatDoctorJson(report)) as { checks: unknown[]; summary: { failed: number } };
    expect(json.checks).toHaveLength(24);
    expect(json.summary.failed).toBe(0);
  });

  it("fails a missing health check and a refused call with their reasons, and exits 1", async () => {
    healthyAws();
    route53.on(GetHealthCheckStatusCommand).rejects(awsError("NoSuchHealthCheck", { status: 404, message: "No health check exists with the specified ID" }));
    rds.on(DescribeGlobalClustersCommand).rejects(awsError("AccessDenied", { status: 403, message: "not authorized to perform rds:DescribeGlobalClusters" }));
    const outcome = await doctor();
    const report = reportOf(outcome);
    expect(outcome.exitCode).toBe(1);

    const hc = row(report, "us-east-1", "health check 00000001-1111-2222-3333-444444444444");
    expect(hc.result).toBe("FAIL");
    expect(hc.detail).toMatch(/^not_found: Route 53 GetHealthCheckStatus 00000001-1111-2222-3333-444444444444 in us-east-1: NoSuchHealthCheck: No health check exists/);
    const gc = row(report, "us-west-2", "global cluster payments-global");
    expect(gc.result).toBe("FAIL");
    expect(gc.detail).toMatch(/^access_denied: RDS DescribeGlobalClusters payments-global in us-west-2: AccessDenied: /);
    expect(gc.detail).toContain("(needs rds:DescribeGlobalClusters; see npm run iam-policy)");

    // Everything else is unaffected: 2 health checks and 4 RDS rows failed.
    expect(report.failed).toBe(6);
    expect(row(report, "us-east-1", "routing control rc us-east-1").result).toBe("OK");
    expect(formatDoctorTable(report)).toContain("24 checks, 6 failed");
  });

  it("fails a call that never answers with a timeout, without holding up the other checks", async () => {
    healthyAws();
    rds.on(DescribeGlobalClustersCommand).callsFake(() => new Promise(() => {}));
    const report = reportOf(await doctor(slowCallTimeout(200)));
    for (const region of ["us-east-1", "us-west-2"]) {
      const gc = row(report, region, "global cluster payments-global");
      expect(gc.result).toBe("FAIL");
      expect(gc.detail).toMatch(/^timeout: RDS DescribeGlobalClusters payments-global in us-.*: no answer before the deadline/);
      expect(row(report, region, "lag metrics").result).toBe("OK");
    }
    expect(report.failed).toBe(4);
  });

  it("warns, without failing, when a secondary's lag metric has no datapoint (the dashboard would show it unknown)", async () => {
    healthyAws();
    cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries?: { Id?: string }[] }) => ({
      MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({ Id: q.Id, Timestamps: q.Id?.startsWith("hc") ? [new Date()] : [], Values: q.Id?.startsWith("hc") ? [1] : [] })),
    }));
    const outcome = await doctor();
    const report = reportOf(outcome);
    expect(outcome.exitCode).toBe(0);
    const west = row(report, "us-west-2", "lag metrics");
    expect(west.result).toBe("WARN");
    expect(west.detail).toMatch(/^warning: no lag datapoint into us-west-2 \(CloudWatch AuroraGlobalDBReplicationLag \(app-us-west-2\) has no datapoint/);
    // The writer's region has no lag to publish: fine.
    expect(row(report, "us-east-1", "lag metrics").result).toBe("OK");
    expect(report.warned).toBe(1);
  });

  it("fails a readiness URL that answers 404 but accepts a 503 readiness document as an answer", async () => {
    healthyAws();
    const fetchImpl: typeof fetch = async (input) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (url.includes("r1.")) return new Response("not here", { status: 404 });
      return new Response(JSON.stringify({ ...READY, writable: false }), { status: 503 });
    };
    const report = reportOf(await doctor(undefined, fetchImpl));
    expect(row(report, "us-east-1", "readiness probe")).toMatchObject({ result: "FAIL", detail: expect.stringMatching(/^not_found: GET https:\/\/r1\.example\.com\/ready answered HTTP 404/) });
    expect(row(report, "us-west-2", "readiness probe")).toMatchObject({ result: "OK", detail: "HTTP 503: writable no, schema 2026.01.3, authorised for writes yes" });
  });

  it("does not run a region's AWS checks when its credentials do not resolve, and still probes readiness", async () => {
    healthyAws();
    const report = reportOf(await doctor((input) => Object.assign(input.regions[1], { credentials: { profile: "nobody" } })));
    const creds = row(report, "us-west-2", "credentials (profile nobody)");
    expect(creds.result).toBe("FAIL");
    expect(creds.detail).toMatch(/^access_denied: credentials did not resolve \(profile nobody\): CredentialsProviderError/);
    const west = report.rows.filter((r) => r.region === "us-west-2");
    const notRun = west.filter((r) => r.detail === "not run: us-west-2 credentials did not resolve");
    expect(notRun).toHaveLength(10);
    expect(notRun.every((r) => r.latencyMs === null)).toBe(true);
    expect(row(report, "us-west-2", "readiness probe").result).toBe("OK");
    expect(report.rows.filter((r) => r.region === "us-east-1").every((r) => r.result === "OK")).toBe(true);
    expect(report).toMatchObject({ failed: 11, notRun: 10 });
    expect(formatDoctorTable(report)).toContain("24 checks, 11 failed (10 not run: their region's credentials did not resolve)");
  });

  it("refuses a sim config with exit code 2 and says why", async () => {
    const file = join(dir, "sim.yaml");
    await writeFile(file, "mode: sim\n");
    const outcome = await runDoctor(file);
    expect(outcome).toEqual({ exitCode: 2, error: expect.stringContaining(`${file}: mode is "sim", but doctor works on a real deployment`) });
    expect(sts.calls()).toHaveLength(0);
  });

  it("reports a broken config with the config loader's message and exit code 2", async () => {
    const file = join(dir, "broken.yaml");
    await writeFile(file, "mode: aws\nregions: []\n");
    const outcome = await runDoctor(file);
    if (outcome.exitCode !== 2) throw new Error("expected exit code 2");
    expect(outcome.error).toContain(`${file}: regions: expected exactly two regions, got 0`);
    expect(outcome.error).toContain(`${file}: globalCluster: required when mode is aws`);
  });
});
