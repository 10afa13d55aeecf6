import {
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  InvalidGlobalClusterStateFault,
  RDSClient,
  RemoveFromGlobalClusterCommand,
  SwitchoverGlobalClusterCommand,
} from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createAwsProvider } from "./index";
import { awsError, awsTestConfig, noAbort, providerError, raw, regionOf, sendOptions, testClock, writeRejection, type AwsInput } from "./testing";

const rds = mockClient(RDSClient);
const EAST = "arn:aws:rds:us-east-1:111122223333:cluster:app-us-east-1";
const WEST = "arn:aws:rds:us-west-2:111122223333:cluster:app-us-west-2";

/** The fixture gives bare identifiers (app-<region>); this edit configures the ARNs instead. */
function withArns(input: AwsInput) {
  input.regions[0].aurora.clusterIdentifier = EAST;
  input.regions[1].aurora.clusterIdentifier = WEST;
}
const provider = (edit?: (input: AwsInput) => unknown) => createAwsProvider(awsTestConfig(edit), { clock: testClock() });

const members = (...arns: string[]) =>
  raw({ GlobalClusters: [{ GlobalClusterIdentifier: "payments-global", Status: "available", GlobalClusterMembers: arns.map((a, i) => ({ DBClusterArn: a, IsWriter: i === 0 })) }] });

beforeEach(() => rds.reset());

describe("Aurora global cluster writes", () => {
  it("switchover: SwitchoverGlobalCluster to the target's cluster ARN, sent by the RDS client of the region it is called in (the primary's)", async () => {
    rds.on(SwitchoverGlobalClusterCommand).resolves({});
    await provider(withArns).switchoverGlobalCluster("us-west-2", "us-east-1", noAbort());
    const calls = rds.commandCalls(SwitchoverGlobalClusterCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ GlobalClusterIdentifier: "payments-global", TargetDbClusterIdentifier: WEST });
    expect(await regionOf(calls[0]?.thisValue)).toBe("us-east-1");
    expect(sendOptions(calls[0] ?? { args: [] })?.abortSignal).toBeInstanceOf(AbortSignal);
    // Never resent by the SDK: a retry after an accepted-but-5xx answer would look like a refusal.
    expect(await (calls[0]?.thisValue as RDSClient).config.maxAttempts()).toBe(1);
    // An ARN is used as configured: no lookup first.
    expect(rds.commandCalls(DescribeGlobalClustersCommand)).toHaveLength(0);
  });

  it("failover: FailoverGlobalCluster with AllowDataLoss, in the target's region", async () => {
    rds.on(FailoverGlobalClusterCommand).resolves({});
    await provider(withArns).failoverGlobalCluster("us-east-1", noAbort());
    const calls = rds.commandCalls(FailoverGlobalClusterCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([{ GlobalClusterIdentifier: "payments-global", TargetDbClusterIdentifier: EAST, AllowDataLoss: true }]);
    expect(await regionOf(calls[0]?.thisValue)).toBe("us-east-1");
    expect(rds.commandCalls(SwitchoverGlobalClusterCommand)).toHaveLength(0);
  });

  it("detach: RemoveFromGlobalCluster of the target's own cluster, in the target's region", async () => {
    rds.on(RemoveFromGlobalClusterCommand).resolves({});
    await provider(withArns).detachFromGlobalCluster("us-west-2", noAbort());
    const calls = rds.commandCalls(RemoveFromGlobalClusterCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([{ GlobalClusterIdentifier: "payments-global", DbClusterIdentifier: WEST }]);
    expect(await regionOf(calls[0]?.thisValue)).toBe("us-west-2");
  });

  it("with a bare identifier configured, takes the target's ARN from the members seen in the region the write is called in", async () => {
    rds.on(DescribeGlobalClustersCommand).resolves(members(EAST, WEST));
    rds.on(SwitchoverGlobalClusterCommand).resolves({});
    await provider().switchoverGlobalCluster("us-west-2", "us-east-1", noAbort());
    // A switchover depends on one region's RDS API only: the lookup goes where the call goes.
    const describeCall = rds.commandCalls(DescribeGlobalClustersCommand)[0];
    expect(await regionOf(describeCall?.thisValue)).toBe("us-east-1");
    expect(await regionOf(rds.commandCalls(SwitchoverGlobalClusterCommand)[0]?.thisValue)).toBe("us-east-1");
    expect(rds.commandCalls(SwitchoverGlobalClusterCommand)[0]?.args[0].input).toEqual({
      GlobalClusterIdentifier: "payments-global",
      TargetDbClusterIdentifier: WEST,
    });
  });

  it("refuses, without sending anything, when the target's cluster is not a member or the global cluster is gone", async () => {
    rds.on(DescribeGlobalClustersCommand).resolvesOnce(members(EAST)).resolves(raw({ GlobalClusters: [] }));
    const p = provider();
    const notMember = await writeRejection(p.failoverGlobalCluster("us-west-2", noAbort()));
    expect(notMember).toMatchObject({ code: "DBClusterNotFoundFault", service: "rds", region: "us-west-2" });
    expect(notMember.message).toContain("app-us-west-2 is not a member of global cluster payments-global");
    const absent = await writeRejection(p.failoverGlobalCluster("us-west-2", noAbort()));
    expect(absent.code).toBe("GlobalClusterNotFoundFault");
    expect(rds.commandCalls(FailoverGlobalClusterCommand)).toHaveLength(0);
  });

  it("turns RDS's refusals into WriteRejectedError under their AWS code", async () => {
    rds
      .on(SwitchoverGlobalClusterCommand)
      .rejectsOnce(new InvalidGlobalClusterStateFault({ message: "secondary is not in sync", $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(awsError("GlobalClusterNotFoundFault", { status: 404 }))
      .rejectsOnce(awsError("InvalidDBClusterStateFault", { status: 400 }))
      .rejects(awsError("DBClusterNotFoundFault", { status: 404 }));
    const p = provider(withArns);
    const first = await writeRejection(p.switchoverGlobalCluster("us-west-2", "us-east-1", noAbort()));
    expect(first).toMatchObject({ code: "InvalidGlobalClusterStateFault", service: "rds", region: "us-east-1" });
    expect(first.message).toContain("RDS SwitchoverGlobalCluster payments-global");
    expect(first.message).toContain("secondary is not in sync");
    for (const code of ["GlobalClusterNotFoundFault", "InvalidDBClusterStateFault", "DBClusterNotFoundFault"]) {
      expect((await writeRejection(p.switchoverGlobalCluster("us-west-2", "us-west-2", noAbort()))).code).toBe(code);
    }
  });

  it("keeps outages, throttling and access denied as ProviderErrors (worth retrying, or IAM to fix)", async () => {
    rds
      .on(FailoverGlobalClusterCommand)
      .rejectsOnce(awsError("Throttling", { status: 400, message: "Rate exceeded" }))
      .rejectsOnce(awsError("InternalFailure", { status: 500, fault: "server" }))
      .rejects(awsError("AccessDenied", { status: 403 }));
    const p = provider(withArns);
    const kinds = [];
    for (let i = 0; i < 3; i++) kinds.push((await providerError(p.failoverGlobalCluster("us-west-2", noAbort()))).kind);
    expect(kinds).toEqual(["throttled", "unavailable", "access_denied"]);
  });

  it("is a timeout at once when the caller aborts a call that hangs", async () => {
    rds.on(SwitchoverGlobalClusterCommand).callsFake(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = providerError(provider(withArns).switchoverGlobalCluster("us-west-2", "us-west-2", controller.signal));
    controller.abort();
    const err = await pending;
    expect(err).toMatchObject({ kind: "timeout", service: "rds", region: "us-west-2" });
  });

  it("refuses a region that is not configured without calling AWS", async () => {
    const err = await providerError(provider(withArns).switchoverGlobalCluster("eu-west-1", "eu-west-1", noAbort()));
    expect(err.kind).toBe("not_found");
    expect(rds.calls()).toHaveLength(0);
  });
});
