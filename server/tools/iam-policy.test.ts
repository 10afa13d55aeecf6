import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig, type AwsConfig } from "@/server/config";
import { awsTestConfig, type AwsInput } from "@/server/providers/aws/testing";
import { iamPolicies, POLICY_KINDS, type IamPolicies } from "./iam-policy";
import { policiesJson, policyBlocks } from "./iam-output";
import type { PolicyDocument } from "./iam-statements";

const EXAMPLE = fileURLToPath(new URL("../../console.config.example.yaml", import.meta.url));

async function example(): Promise<AwsConfig> {
  const config = await loadConfig(EXAMPLE, { required: true });
  if (config.mode !== "aws") throw new Error("the example must be an aws-mode config");
  return config;
}

/** The fixture moved to GovCloud: every ARN in the config in aws-us-gov. */
function govCloud(input: AwsInput): AwsInput {
  const gov = (arn: string) => arn.replace(/^arn:aws:/, "arn:aws-us-gov:");
  const ids = ["us-gov-west-1", "us-gov-east-1"];
  input.regions.forEach((region, i) => {
    Object.assign(region, { id: ids[i], partition: "aws-us-gov" });
    region.credentials.roleArn = gov(region.credentials.roleArn);
    region.routingControls = region.routingControls.map((rc) => ({ ...rc, arn: gov(rc.arn) }));
  });
  input.routing = { clusterArn: gov(input.routing.clusterArn), clusterEndpoints: [{ region: "us-gov-west-1", url: "https://host-a.us-gov-west-1.example.com/v1" }] };
  return input;
}

function doc(policies: IamPolicies, key: string, kind: (typeof POLICY_KINDS)[number]): PolicyDocument {
  const set = policies.sets.find((s) => s.credentials.key === key);
  if (!set) throw new Error(`no credential set ${key}: ${policies.sets.map((s) => s.credentials.key).join(", ")}`);
  return set.policies[kind];
}

const allDocs = (p: IamPolicies) => p.sets.flatMap((s) => POLICY_KINDS.map((k) => s.policies[k]));
const arns = (d: PolicyDocument) => d.Statement.flatMap((s) => s.Resource).filter((r) => r !== "*");
const actions = (d: PolicyDocument) => d.Statement.flatMap((s) => s.Action).sort();
const bySid = (d: PolicyDocument, sid: string) => d.Statement.find((s) => s.Sid === sid);

const READ_ONLY_EXAMPLE_EAST = [
  "cloudwatch:GetMetricData",
  "dynamodb:GetItem",
  "rds:DescribeGlobalClusters",
  "route53-recovery-cluster:GetRoutingControlState",
  "route53-recovery-cluster:ListRoutingControls",
  "route53-recovery-control-config:ListSafetyRules",
  "route53:GetHealthCheckStatus",
  "ssm:GetParameter",
];
const RUNBOOK_WRITES = [
  "rds:FailoverGlobalCluster",
  "rds:SwitchoverGlobalCluster",
  "route53-recovery-cluster:UpdateRoutingControlState",
  "route53-recovery-cluster:UpdateRoutingControlStates",
];

describe("iamPolicies for the example config", () => {
  it("gives each region's credentials its own pair of documents, in the aws partition", async () => {
    const p = iamPolicies(await example());
    expect(p.sets.map((s) => s.credentials)).toEqual([
      { key: "us-east-1", regions: ["us-east-1"], partition: "aws", identity: "role arn:aws:iam::111122223333:role/failover-console", accounts: ["111122223333"] },
      { key: "us-west-2", regions: ["us-west-2"], partition: "aws", identity: "profile payments-usw2", accounts: ["111122223333"] },
    ]);
    for (const d of allDocs(p)) for (const arn of arns(d)) expect(arn).toMatch(/^arn:aws:/);
  });

  it("grants exactly the reads in read-only and the reads plus the runbook writes in runbook", async () => {
    const p = iamPolicies(await example());
    expect(actions(doc(p, "us-east-1", "read-only"))).toEqual(READ_ONLY_EXAMPLE_EAST);
    expect(actions(doc(p, "us-east-1", "runbook"))).toEqual(
      [...READ_ONLY_EXAMPLE_EAST, ...RUNBOOK_WRITES, "dynamodb:UpdateItem", "ssm:PutParameter"].sort(),
    );
    // us-west-2 keeps its authority flag in S3.
    expect(actions(doc(p, "us-west-2", "runbook"))).toEqual(
      [...READ_ONLY_EXAMPLE_EAST.filter((a) => a !== "dynamodb:GetItem"), "s3:GetObject", ...RUNBOOK_WRITES, "s3:PutObject", "ssm:PutParameter"].sort(),
    );
  });

  it("scopes every resource-level action to the configured resources", async () => {
    const p = iamPolicies(await example());
    const east = doc(p, "us-east-1", "read-only");
    expect(bySid(east, "ReadGlobalCluster")?.Resource).toEqual(["arn:aws:rds::111122223333:global-cluster:payments-global"]);
    expect(bySid(east, "ReadHealthChecks")?.Resource).toEqual(["arn:aws:route53:::healthcheck/1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"]);
    expect(bySid(east, "ReadRoutingControls")?.Resource).toEqual([
      "arn:aws:route53-recovery-control::111122223333:controlpanel/0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d/routingcontrol/1a2b3c4d5e6f7a8b",
    ]);
    expect(bySid(east, "ReadSafetyRules")?.Resource).toEqual(["arn:aws:route53-recovery-control::111122223333:controlpanel/0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d"]);
    expect(bySid(east, "ReadAuthorityAndAppRoleDynamoDB")).toEqual({
      Sid: "ReadAuthorityAndAppRoleDynamoDB",
      Effect: "Allow",
      Action: ["dynamodb:GetItem"],
      Resource: ["arn:aws:dynamodb:us-east-1:111122223333:table/payments-failover-state"],
      Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["authority"] } },
    });
    expect(bySid(east, "ReadAuthorityAndAppRoleSSM")?.Resource).toEqual(["arn:aws:ssm:us-east-1:111122223333:parameter/payments/cluster-role"]);
    expect(bySid(doc(p, "us-west-2", "read-only"), "ReadAuthorityAndAppRoleS3")?.Resource).toEqual(["arn:aws:s3:::payments-failover-state-usw2/authority.json"]);

    // Only the actions AWS offers no resource type for are granted on "*".
    for (const d of allDocs(p)) {
      const open = d.Statement.filter((s) => s.Resource.includes("*")).flatMap((s) => s.Action);
      expect(open.sort()).toEqual(["cloudwatch:GetMetricData", "route53-recovery-cluster:ListRoutingControls"]);
    }
  });

  it("lets either region's runbook credentials promote and reroute, but write only their own records", async () => {
    const p = iamPolicies(await example());
    const west = doc(p, "us-west-2", "runbook");
    expect(bySid(west, "PromoteGlobalCluster")?.Resource).toEqual([
      "arn:aws:rds::111122223333:global-cluster:payments-global",
      "arn:aws:rds:us-east-1:111122223333:cluster:payments-use1",
      "arn:aws:rds:us-west-2:111122223333:cluster:payments-usw2",
    ]);
    expect(bySid(west, "SetRoutingControls")?.Resource).toHaveLength(2);
    expect(bySid(west, "ReadRoutingControls")?.Resource).toHaveLength(2);
    expect(bySid(west, "WriteAuthorityAndAppRoleS3")?.Resource).toEqual(["arn:aws:s3:::payments-failover-state-usw2/authority.json"]);
    expect(bySid(west, "WriteAuthorityAndAppRoleSSM")?.Resource).toEqual(["arn:aws:ssm:us-west-2:111122223333:parameter/payments/cluster-role"]);
    expect(bySid(west, "WriteAuthorityAndAppRoleDynamoDB")).toBeUndefined();
  });

  it("prints valid IAM documents with unique Sids and no wildcard actions", async () => {
    const p = iamPolicies(await example());
    const printed = JSON.parse(policiesJson(p)) as Record<string, Record<string, PolicyDocument>>;
    expect(Object.keys(printed)).toEqual(["read-only", "runbook"]);
    expect(Object.keys(printed["runbook"] ?? {})).toEqual(["us-east-1", "us-west-2"]);
    for (const d of Object.values(printed).flatMap((byRegion) => Object.values(byRegion))) {
      expect(d.Version).toBe("2012-10-17");
      expect(d.Statement.length).toBeGreaterThan(0);
      const sids = d.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      for (const s of d.Statement) {
        expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
        expect(s.Effect).toBe("Allow");
        expect(s.Action.length).toBeGreaterThan(0);
        expect(s.Resource.length).toBeGreaterThan(0);
        for (const action of s.Action) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      }
    }
    const blocks = policyBlocks(p);
    expect(blocks.map((b) => b.header)).toContain(
      "# runbook policy for us-west-2: profile payments-usw2 (partition aws, account 111122223333)",
    );
    for (const b of blocks) expect(() => JSON.parse(b.document) as unknown).not.toThrow();
  });

  it("says where an account id was assumed from", async () => {
    const p = iamPolicies(await example());
    expect(p.notes).toContainEqual(expect.stringMatching(/^us-west-2: account 111122223333 taken from regions\[0\]\.credentials\.roleArn/));
  });
});

describe("iamPolicies for other deployments", () => {
  it("writes every ARN in aws-us-gov for a GovCloud deployment", () => {
    const p = iamPolicies(awsTestConfig(govCloud));
    expect(p.sets.map((s) => [s.credentials.key, s.credentials.partition])).toEqual([
      ["us-gov-west-1+us-gov-east-1", "aws-us-gov"],
    ]);
    const all = allDocs(p).flatMap(arns);
    expect(all.length).toBeGreaterThan(10);
    for (const arn of all) expect(arn).toMatch(/^arn:aws-us-gov:/);
    const runbook = doc(p, "us-gov-west-1+us-gov-east-1", "runbook");
    expect(bySid(runbook, "PromoteGlobalCluster")?.Resource).toEqual([
      "arn:aws-us-gov:rds::111122223333:global-cluster:payments-global",
      "arn:aws-us-gov:rds:us-gov-west-1:111122223333:cluster:app-us-east-1",
      "arn:aws-us-gov:rds:us-gov-east-1:111122223333:cluster:app-us-west-2",
    ]);
    expect(bySid(runbook, "ReadHealthChecks")?.Resource).toEqual([
      "arn:aws-us-gov:route53:::healthcheck/00000001-1111-2222-3333-444444444444",
      "arn:aws-us-gov:route53:::healthcheck/00000002-1111-2222-3333-444444444444",
    ]);
    expect(bySid(runbook, "WriteAuthorityAndAppRoleSSM")?.Resource).toEqual([
      "arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/app/cluster-role",
      "arn:aws-us-gov:ssm:us-gov-east-1:111122223333:parameter/app/cluster-role",
    ]);
  });

  it("keeps each partition's resources in its own documents when the regions span two partitions", () => {
    const p = iamPolicies(
      awsTestConfig((input) => {
        Object.assign(input.regions[1], { id: "us-gov-west-1", partition: "aws-us-gov" });
        input.regions[1].credentials.roleArn = "arn:aws-us-gov:iam::444455556666:role/failover-console";
      }),
    );
    expect(p.sets.map((s) => [s.credentials.key, s.credentials.partition, s.credentials.accounts])).toEqual([
      ["us-east-1", "aws", ["111122223333"]],
      ["us-gov-west-1", "aws-us-gov", ["444455556666"]],
    ]);
    for (const d of POLICY_KINDS.map((k) => doc(p, "us-gov-west-1", k))) for (const arn of arns(d)) expect(arn).toMatch(/^arn:aws-us-gov:/);
    for (const d of POLICY_KINDS.map((k) => doc(p, "us-east-1", k))) for (const arn of arns(d)) expect(arn).toMatch(/^arn:aws:/);
    // The fixture's routing controls are all in aws: the GovCloud credentials get no ARC statement at all.
    expect(bySid(doc(p, "us-gov-west-1", "runbook"), "SetRoutingControls")).toBeUndefined();
  });

  it("detaches instead of failing over when unplannedMode is detach", () => {
    const p = iamPolicies(awsTestConfig((input) => ({ ...input, globalCluster: { identifier: "payments-global", unplannedMode: "detach" } })));
    expect(bySid(doc(p, "us-east-1+us-west-2", "runbook"), "PromoteGlobalCluster")?.Action).toEqual([
      "rds:SwitchoverGlobalCluster",
      "rds:RemoveFromGlobalCluster",
    ]);
  });

  it("grants every call the aws provider's writes make, including the reads they make first", () => {
    const p = iamPolicies(
      awsTestConfig((input) => {
        Object.assign(input.regions[0], {
          authorityFlag: { store: "dynamodb", table: "flags", key: { name: "pk", value: "authority" } },
          appRole: { store: "s3", bucket: "roles-us-east-1", key: "role.json" },
        });
      }),
    );
    const runbook = doc(p, "us-east-1+us-west-2", "runbook");
    expect(actions(runbook)).toEqual(
      expect.arrayContaining([
        // aurora-writes.ts: the target's ARN is looked up with DescribeGlobalClusters when only an identifier is configured.
        "rds:DescribeGlobalClusters",
        "rds:SwitchoverGlobalCluster",
        "rds:FailoverGlobalCluster",
        "route53-recovery-cluster:UpdateRoutingControlStates",
        // flag-writes.ts: read, then a conditional write, per store.
        "dynamodb:GetItem",
        "dynamodb:UpdateItem",
        "s3:GetObject",
        "s3:PutObject",
        "ssm:GetParameter",
        "ssm:PutParameter",
      ]),
    );
    expect(actions(runbook)).not.toContain("dynamodb:PutItem");
    expect(actions(doc(p, "us-east-1+us-west-2", "read-only")).filter((a) => /Put|Update|Switchover|Failover|Remove/.test(a))).toEqual([]);
    expect(bySid(runbook, "WriteAuthorityAndAppRoleDynamoDB")).toEqual({
      Sid: "WriteAuthorityAndAppRoleDynamoDB",
      Effect: "Allow",
      Action: ["dynamodb:UpdateItem"],
      Resource: ["arn:aws:dynamodb:us-east-1:111122223333:table/flags"],
      Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["authority"] } },
    });
    expect(bySid(runbook, "WriteAuthorityAndAppRoleS3")?.Resource).toEqual([
      "arn:aws:s3:::roles-us-east-1/role.json",
      "arn:aws:s3:::flags-us-west-2/authority.json",
    ]);
  });

  it("gives one DynamoDB statement per table, each limited to its own keys", () => {
    const p = iamPolicies(
      awsTestConfig((input) => {
        Object.assign(input.regions[0], {
          authorityFlag: { store: "dynamodb", table: "flags", key: { name: "pk", value: "authority" } },
          appRole: { store: "dynamodb", table: "roles", key: { name: "pk", value: "app-role" } },
        });
      }),
    );
    const ddb = doc(p, "us-east-1+us-west-2", "read-only").Statement.filter((s) => s.Action.includes("dynamodb:GetItem"));
    expect(ddb.map((s) => [s.Sid, s.Resource, s.Condition])).toEqual([
      ["ReadAuthorityAndAppRoleDynamoDB1", ["arn:aws:dynamodb:us-east-1:111122223333:table/flags"], { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["authority"] } }],
      ["ReadAuthorityAndAppRoleDynamoDB2", ["arn:aws:dynamodb:us-east-1:111122223333:table/roles"], { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["app-role"] } }],
    ]);
  });

  it("uses * for an account the config does not name, and says so", () => {
    const p = iamPolicies(
      awsTestConfig((input) => {
        for (const region of input.regions) Object.assign(region, { credentials: { source: "default" } });
      }),
    );
    expect(p.sets.map((s) => s.credentials.identity)).toEqual(["the default credential chain (environment, instance or task role)"]);
    expect(bySid(doc(p, "us-east-1+us-west-2", "read-only"), "ReadGlobalCluster")?.Resource).toEqual(["arn:aws:rds::*:global-cluster:payments-global"]);
    expect(p.notes).toContainEqual(expect.stringMatching(/^us-east-1: the config names no account for this region/));
  });
});
