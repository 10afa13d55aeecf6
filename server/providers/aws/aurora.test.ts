import { DescribeGlobalClustersCommand, RDSClient } from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { createAwsProvider } from "./index";
import { awsError, awsTestConfig, noAbort, raw, regionOf, sendOptions, testClock } from "./testing";

const rds = mockClient(RDSClient);
const EAST = "arn:aws:rds:us-east-1:111122223333:cluster:app-us-east-1";
const WEST = "arn:aws:rds:us-west-2:111122223333:cluster:app-us-west-2";

function provider() {
  return createAwsProvider(awsTestConfig(), { clock: testClock() });
}

function globalCluster(extra: Record<string, unknown> = {}) {
  return {
    GlobalClusterIdentifier: "payments-global",
    Status: "available",
    Engine: "aurora-postgresql",
    GlobalClusterMembers: [
      { DBClusterArn: EAST, IsWriter: true, Readers: [WEST], GlobalWriteForwardingStatus: "disabled" },
      { DBClusterArn: WEST, IsWriter: false, SynchronizationStatus: "connected", Readers: [] },
    ],
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

beforeEach(() => rds.reset());
afterEach(() => rds.reset());

describe("readAurora (RDS DescribeGlobalClusters)", () => {
  it("asks the region's own RDS for the configured global cluster, with the abort signal", async () => {
    rds.on(DescribeGlobalClustersCommand).resolves(raw({ GlobalClusters: [globalCluster()] }));
    const signal = noAbort();
    await provider().readAurora("us-west-2", signal);
    const call = rds.commandCalls(DescribeGlobalClustersCommand)[0];
    expect(call?.args[0].input).toEqual({ GlobalClusterIdentifier: "payments-global" });
    expect(await regionOf(call?.thisValue)).toBe("us-west-2");
    expect(sendOptions(call ?? { args: [] })?.abortSignal).toBeInstanceOf(AbortSignal);
  });

  it("maps members (region from the ARN), the writer and this region's role", async () => {
    rds.on(DescribeGlobalClustersCommand).resolves(raw({ GlobalClusters: [globalCluster()] }));
    const p = provider();
    const west = await p.readAurora("us-west-2", noAbort());
    expect(west).toEqual({
      globalClusterId: "payments-global",
      role: "reader",
      status: "available",
      members: [
        { region: "us-east-1", clusterArn: EAST, isWriter: true, synchronizationStatus: null },
        { region: "us-west-2", clusterArn: WEST, isWriter: false, synchronizationStatus: "connected" },
      ],
      failover: null,
    });
    expect((await p.readAurora("us-east-1", noAbort())).role).toBe("writer");
  });

  it("matches a cluster configured by ARN, and keeps unknown status strings as they are", async () => {
    const config = awsTestConfig((input) => {
      input.regions[1].aurora.clusterIdentifier = WEST;
    });
    rds.on(DescribeGlobalClustersCommand).resolves(
      raw({
        GlobalClusters: [
          globalCluster({
            Status: "switching-over",
            FailoverState: { Status: "switching-over", FromDbClusterArn: EAST, ToDbClusterArn: WEST, IsDataLossAllowed: false, Extra: 1 },
          }),
        ],
      }),
    );
    const view = await createAwsProvider(config).readAurora("us-west-2", noAbort());
    expect(view.role).toBe("reader");
    expect(view.status).toBe("switching-over");
    expect(view.failover).toEqual({ status: "switching-over", fromRegion: "us-east-1", toRegion: "us-west-2", dataLossAllowed: false });
  });

  it("reports an unplanned failover with data loss allowed", async () => {
    rds.on(DescribeGlobalClustersCommand).resolves(
      raw({ GlobalClusters: [globalCluster({ FailoverState: { Status: "failing-over", FromDbClusterArn: EAST, ToDbClusterArn: WEST, IsDataLossAllowed: true } })] }),
    );
    expect((await provider().readAurora("us-west-2", noAbort())).failover).toMatchObject({ status: "failing-over", dataLossAllowed: true });
  });

  it("says detached when the configured cluster is not a member, absent when the global cluster is not returned", async () => {
    rds
      .on(DescribeGlobalClustersCommand)
      .resolvesOnce(raw({ GlobalClusters: [globalCluster({ GlobalClusterMembers: [{ DBClusterArn: EAST, IsWriter: true }] })] }))
      .resolves({ GlobalClusters: [] });
    const p = provider();
    expect((await p.readAurora("us-west-2", noAbort())).role).toBe("detached");
    expect(await p.readAurora("us-west-2", noAbort())).toEqual({
      globalClusterId: "payments-global",
      role: "absent",
      status: "absent",
      members: [],
      failover: null,
    });
  });

  it("treats an omitted member list as no members", async () => {
    const { GlobalClusterMembers: _, ...withoutMembers } = globalCluster();
    rds.on(DescribeGlobalClustersCommand).resolves(raw({ GlobalClusters: [withoutMembers] }));
    expect(await provider().readAurora("us-east-1", noAbort())).toMatchObject({ role: "detached", members: [] });
  });

  it.each([
    ["no GlobalClusters list", {}, "GlobalClusters"],
    ["a member without IsWriter", { GlobalClusters: [globalCluster({ GlobalClusterMembers: [{ DBClusterArn: EAST }] })] }, "IsWriter"],
    ["a global cluster without Status", { GlobalClusters: [{ GlobalClusterIdentifier: "payments-global" }] }, "Status"],
    ["a failover state without Status", { GlobalClusters: [globalCluster({ FailoverState: { IsDataLossAllowed: true } })] }, "Status"],
    ["a member ARN without region", { GlobalClusters: [globalCluster({ GlobalClusterMembers: [{ DBClusterArn: "nonsense", IsWriter: true }] })] }, "nonsense"],
  ])("rejects %s as invalid_response", async (_, response, mention) => {
    rds.on(DescribeGlobalClustersCommand).resolves(raw(response));
    const err = await failure(provider().readAurora("us-east-1", noAbort()));
    expect(err.kind).toBe("invalid_response");
    expect(err.service).toBe("rds");
    expect(err.message).toContain("DescribeGlobalClusters payments-global in us-east-1");
    expect(err.message).toContain(mention);
  });

  it.each([
    ["GlobalClusterNotFoundFault", 404, "not_found"],
    ["ThrottlingException", 400, "throttled"],
    ["Throttling", 400, "throttled"],
    ["AccessDenied", 403, "access_denied"],
    ["InternalFailure", 500, "unavailable"],
  ] as const)("maps %s (HTTP %i) to %s", async (name, status, kind) => {
    rds.on(DescribeGlobalClustersCommand).rejects(awsError(name, { status, fault: status >= 500 ? "server" : "client" }));
    const err = await failure(provider().readAurora("us-east-1", noAbort()));
    expect(err.kind).toBe(kind);
    expect(err.region).toBe("us-east-1");
    expect(err.message).toContain(name);
  });

  it("gives up with a timeout as soon as the caller aborts, even if the SDK never answers", async () => {
    rds.on(DescribeGlobalClustersCommand).callsFake(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = failure(provider().readAurora("us-east-1", controller.signal));
    controller.abort();
    const err = await pending;
    expect(err.kind).toBe("timeout");
    expect(err.message).toContain("DescribeGlobalClusters");
  });

  it("does not call AWS with a signal that is already aborted", async () => {
    rds.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [] });
    const err = await failure(provider().readAurora("us-east-1", AbortSignal.abort()));
    expect(err.kind).toBe("timeout");
    expect(rds.calls()).toHaveLength(0);
  });

  it("times out on its own at monitor.callTimeoutMs when the caller sets no deadline", async () => {
    const config = awsTestConfig((input) => ({ ...input, monitor: { callTimeoutMs: 100 } }));
    rds.on(DescribeGlobalClustersCommand).callsFake(() => new Promise(() => {}));
    expect((await failure(createAwsProvider(config).readAurora("us-east-1", noAbort()))).kind).toBe("timeout");
  });
});
