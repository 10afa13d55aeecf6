import "server-only";
import type { AwsConfig, AwsRegionConfig, Partition, RegionCredentials } from "@/server/config";
import { controlPanels } from "@/server/providers/aws/safety-rules";
import { globalClusterArn, healthCheckArn, memberClusterArn, partitionOf, resolveAccount } from "./arns";
import { recordGrants } from "./iam-records";
import { policyNotes } from "./iam-notes";
import { mergeGrants, statement, type Grant, type PolicyDocument, type PolicyKind } from "./iam-statements";

/**
 * The least-privilege IAM policies the console needs for one config — a pure function of it.
 *
 * Each region signs its calls with its own credentials (DESIGN principle 7), so there is one
 * pair of documents per credential set: regions that share the same identity in the same
 * partition share one set; otherwise each region has its own.
 *
 * - `read-only`: what the monitor and `npm run doctor` call with that region's credentials.
 * - `runbook`: the reads, plus the writes the runbooks in docs/design.md make. Promotion and routing
 *   changes may be made with either region's credentials (the unplanned failover runs in the
 *   target region while the source is gone), so they cover both regions' clusters and routing
 *   controls; the authority flag and app role are written in the region they describe, with
 *   that region's credentials, so each set only writes its own.
 */
export { POLICY_KINDS, type PolicyKind } from "./iam-statements";

export interface CredentialSet {
  /** The regions' ids joined with "+", the key of this set's documents in the JSON output. */
  key: string;
  regions: string[];
  partition: Partition;
  /** Who signs: `role arn:…`, `profile x` or the default chain. */
  identity: string;
  /** The account ids in the set's ARNs (`*` when the config names none). */
  accounts: string[];
}

export interface IamPolicies {
  sets: { credentials: CredentialSet; policies: Record<PolicyKind, PolicyDocument> }[];
  /** Assumptions and what the documents cannot express (trust policies, KMS keys). */
  notes: string[];
}

function identityOf(credentials: RegionCredentials): { key: string; description: string } {
  if ("roleArn" in credentials) return { key: `role:${credentials.roleArn}`, description: `role ${credentials.roleArn}` };
  if ("profile" in credentials) return { key: `profile:${credentials.profile}`, description: `profile ${credentials.profile}` };
  return { key: "default", description: "the default credential chain (environment, instance or task role)" };
}

interface RegionContext {
  config: AwsConfig;
  region: AwsRegionConfig;
  /** Account per region index, resolved once. */
  accounts: string[];
  account: string;
}

/** Only resources in the policy's own partition: IAM in one partition cannot grant another's. */
const inPartition = (partition: Partition) => (arn: string) => partitionOf(arn) === partition;

function readGrants(ctx: RegionContext, kind: PolicyKind): Grant[] {
  const { config, region, account } = ctx;
  const p = region.partition;
  // The monitor reads a region's own controls; a runbook reads both sides before it changes them.
  const controls = (kind === "runbook" ? config.regions.flatMap((r) => r.routingControls) : region.routingControls).map((c) => c.arn);
  const grants: Grant[] = [
    statement("ReadGlobalCluster", ["rds:DescribeGlobalClusters"], [globalClusterArn(p, account, config.globalCluster.identifier)]),
    // GetMetricData has no resource-level permissions: lag, DynamoDB latency and the health-check fallback.
    statement("ReadMetrics", ["cloudwatch:GetMetricData"], ["*"]),
    statement("ReadHealthChecks", ["route53:GetHealthCheckStatus"], region.healthChecks.map((hc) => healthCheckArn(p, hc.id))),
    statement("ReadRoutingControls", ["route53-recovery-cluster:GetRoutingControlState"], controls.filter(inPartition(p))),
  ];
  // With a control panel configured the monitor lists its controls in one call; ListRoutingControls has no resource type.
  if (config.routing.controlPanelArn) grants.push(statement("ListRoutingControls", ["route53-recovery-cluster:ListRoutingControls"], ["*"]));
  const panels = controlPanels(config).filter(inPartition(p));
  if (panels.length > 0) grants.push(statement("ReadSafetyRules", ["route53-recovery-control-config:ListSafetyRules"], panels));
  grants.push(...recordGrants(region, account, "read"));
  return grants;
}

function writeGrants(ctx: RegionContext): Grant[] {
  const { config, region, accounts, account } = ctx;
  const p = region.partition;
  const members = config.regions.map((r, i) => memberClusterArn(r, accounts[i] ?? "*"));
  // Planned failover switches over; unplanned either fails over with data loss or detaches the secondary.
  const unplanned = config.globalCluster.unplannedMode === "failover" ? "rds:FailoverGlobalCluster" : "rds:RemoveFromGlobalCluster";
  const controls = config.regions.flatMap((r) => r.routingControls.map((c) => c.arn)).filter(inPartition(p));
  return [
    statement(
      "PromoteGlobalCluster",
      ["rds:SwitchoverGlobalCluster", unplanned],
      [globalClusterArn(p, account, config.globalCluster.identifier), ...members.filter(inPartition(p))],
    ),
    statement(
      "SetRoutingControls",
      ["route53-recovery-cluster:UpdateRoutingControlState", "route53-recovery-cluster:UpdateRoutingControlStates"],
      controls,
    ),
    ...recordGrants(region, account, "write"),
  ];
}

export function iamPolicies(config: AwsConfig): IamPolicies {
  const resolved = config.regions.map((_, i) => resolveAccount(config, i));
  const accounts = resolved.map((r) => r.account);
  const notes = resolved.flatMap((r) => (r.note ? [r.note] : []));

  // Regions signing as the same identity in the same partition need one policy between them.
  const groups = new Map<string, { first: AwsRegionConfig; contexts: RegionContext[] }>();
  config.regions.forEach((region, i) => {
    const key = `${region.partition}|${identityOf(region.credentials).key}`;
    const group = groups.get(key) ?? { first: region, contexts: [] };
    group.contexts.push({ config, region, accounts, account: accounts[i] ?? "*" });
    groups.set(key, group);
  });

  const sets = [...groups.values()].map(({ first, contexts }) => {
    const credentials: CredentialSet = {
      key: contexts.map((ctx) => ctx.region.id).join("+"),
      regions: contexts.map((ctx) => ctx.region.id),
      partition: first.partition,
      identity: identityOf(first.credentials).description,
      accounts: [...new Set(contexts.map((ctx) => ctx.account))],
    };
    const readOnly = mergeGrants(contexts.flatMap((ctx) => readGrants(ctx, "read-only")));
    const runbook = mergeGrants(contexts.flatMap((ctx) => [...readGrants(ctx, "runbook"), ...writeGrants(ctx)]));
    return { credentials, policies: { "read-only": readOnly, runbook } };
  });

  return { sets, notes: [...notes, ...policyNotes(config, sets)] };
}

/** `{ "read-only": { <set key>: document }, "runbook": { … } }`. */
export function policiesByKind(policies: IamPolicies): Record<PolicyKind, Record<string, PolicyDocument>> {
  const byKind = (kind: PolicyKind) => Object.fromEntries(policies.sets.map((s) => [s.credentials.key, s.policies[kind]]));
  return { "read-only": byKind("read-only"), runbook: byKind("runbook") };
}
