import { z } from "zod";
import { EndpointUrl, PARTITION_IN_ARN, SecureUrl, arnPartition, arnPattern, requiredInAws } from "./fields";

/** The AWS partitions the console can work in. Nothing crosses a partition: each region brings its own IAM. */
export const PARTITIONS = ["aws", "aws-us-gov", "aws-cn", "aws-eusc"] as const;
export const Partition = z.enum(PARTITIONS);
export type Partition = z.infer<typeof Partition>;

/** The partition a region code belongs to, read from its prefix. */
export function partitionOfRegion(regionId: string): Partition {
  if (regionId.startsWith("us-gov-")) return "aws-us-gov";
  if (regionId.startsWith("cn-")) return "aws-cn";
  if (regionId.startsWith("eusc-")) return "aws-eusc";
  return "aws";
}

/** us-east-1, us-gov-west-1, cn-northwest-1, eusc-de-east-1 … */
export const RegionId = z
  .string()
  .regex(/^[a-z]{2,4}(-[a-z]+){1,2}-\d{1,2}$/, "expected an AWS region code like us-east-1");
export type RegionId = z.infer<typeof RegionId>;

/**
 * How the console gets credentials for one region. A role is assumed through STS in that region's
 * partition, which is why each region carries its own (principle 7 in docs/design.md).
 */
export const ProfileCredentials = z.strictObject({ profile: z.string().min(1) });
export const RoleCredentials = z.strictObject({
  roleArn: z.string().regex(arnPattern("iam", "role/[\\w+=,.@/-]+"), "expected an IAM role ARN like arn:aws:iam::123456789012:role/failover-console"),
  externalId: z.string().min(2).max(1224).optional(),
  sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, "expected 2-64 letters, digits or +=,.@_-").optional(),
});
export const DefaultChainCredentials = z.strictObject({ source: z.literal("default") });
export const RegionCredentials = z.union([ProfileCredentials, RoleCredentials, DefaultChainCredentials], {
  error: (issue) =>
    issue.input === undefined
      ? "required when mode is aws"
      : 'expected { profile }, { roleArn, externalId?, sessionName? } or { source: "default" }',
});
export type RegionCredentials = z.infer<typeof RegionCredentials>;

/**
 * Per-service endpoint overrides (VPC endpoints, FIPS endpoints, emulators). Absent = the SDK's
 * default. Every AWS endpoint the console calls for a region is here, including the ones outside
 * the region: `route53` and `route53Metrics` (Route 53's API and the CloudWatch holding its
 * HealthCheckStatus metrics, both in the partition's home region, us-east-1 for aws) and
 * `route53RecoveryControlConfig` (ARC's control-config API, us-west-2 for aws).
 */
export const EndpointOverrides = z.strictObject({
  rds: EndpointUrl.optional(),
  cloudwatch: EndpointUrl.optional(),
  route53: EndpointUrl.optional(),
  /** CloudWatch in Route 53's home region; when absent and this region IS that region, `cloudwatch` applies. */
  route53Metrics: EndpointUrl.optional(),
  route53RecoveryCluster: EndpointUrl.optional(),
  route53RecoveryControlConfig: EndpointUrl.optional(),
  s3: EndpointUrl.optional(),
  /** Path-style S3 addressing (http://host/bucket/key) instead of bucket.host: most S3 emulators need it. */
  s3ForcePathStyle: z.boolean().optional(),
  dynamodb: EndpointUrl.optional(),
  ssm: EndpointUrl.optional(),
  sts: EndpointUrl.optional(),
});
export type EndpointOverrides = z.infer<typeof EndpointOverrides>;

/** The console's own deep probe of a region: health checks can say 200 while writes fail (principle 3). */
export const ReadinessProbeConfig = z.strictObject(
  { url: SecureUrl, timeoutMs: z.int().min(100).max(60_000).default(2000) },
  requiredInAws,
);
export type ReadinessProbeConfig = z.infer<typeof ReadinessProbeConfig>;

export const HealthCheckConfig = z.strictObject({
  id: z.guid("expected a Route 53 health check id (a UUID)"),
  name: z.string().min(1),
});
export type HealthCheckConfig = z.infer<typeof HealthCheckConfig>;

export const RoutingControlConfig = z.strictObject({
  arn: z.string().regex(
    arnPattern("route53-recovery-control", "controlpanel/[a-zA-Z0-9-]+/routingcontrol/[a-zA-Z0-9-]+"),
    "expected a routing control ARN (arn:aws:route53-recovery-control::<account>:controlpanel/<id>/routingcontrol/<id>)",
  ),
  name: z.string().min(1),
});
export type RoutingControlConfig = z.infer<typeof RoutingControlConfig>;

/**
 * Where a per-region record lives: the authority flag (owner + epoch) or the app role (active /
 * passive). The value is a string: the S3 object's body, the SSM parameter's value, or the
 * DynamoDB item's `attribute` (default "value").
 */
export const S3Location = z.strictObject({
  store: z.literal("s3"),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name"),
  key: z.string().min(1).max(1024),
});
export const DynamoDbLocation = z.strictObject({
  store: z.literal("dynamodb"),
  table: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, "expected a DynamoDB table name"),
  key: z.strictObject({ name: z.string().min(1), value: z.string().min(1) }),
  attribute: z.string().min(1).default("value"),
});
export const SsmLocation = z.strictObject({ store: z.literal("ssm"), parameter: z.string().min(1).max(2048) });
export const StateLocation = z.discriminatedUnion("store", [S3Location, DynamoDbLocation, SsmLocation], requiredInAws);
export type StateLocation = z.infer<typeof StateLocation>;

/** This region's member of the Aurora global cluster: its regional cluster ARN or identifier. */
export const AuroraMemberConfig = z.strictObject(
  {
    clusterIdentifier: z
      .string()
      .regex(
        new RegExp(`^(arn:${PARTITION_IN_ARN}:rds:[a-z0-9-]+:\\d{12}:cluster:)?[a-zA-Z][a-zA-Z0-9-]{0,62}$`),
        "expected a DB cluster identifier or ARN",
      ),
  },
  requiredInAws,
);
export type AuroraMemberConfig = z.infer<typeof AuroraMemberConfig>;

const identity = {
  id: RegionId,
  partition: Partition,
  /** Display label; defaults to the id in the UI. */
  name: z.string().min(1).optional(),
  endpoints: EndpointOverrides.optional(),
};

/** What AWS mode must know about a region. Roles (primary/secondary) are observed, never configured. */
const resources = z.strictObject({
  credentials: RegionCredentials,
  readiness: ReadinessProbeConfig,
  healthChecks: z.array(HealthCheckConfig, requiredInAws).min(1, "list at least one health check"),
  routingControls: z.array(RoutingControlConfig, requiredInAws).min(1, "list at least one routing control"),
  authorityFlag: StateLocation,
  appRole: StateLocation,
  aurora: AuroraMemberConfig,
});

/**
 * Mistakes that parse but could never work: a region in the wrong partition, a role from another
 * one. Zod runs refinements even after a format check failed, so values already reported as
 * malformed are skipped here rather than reported twice.
 */
function checkPartitions(region: { id: string; partition: Partition; credentials?: RegionCredentials | undefined }, ctx: z.RefinementCtx): void {
  const expected = partitionOfRegion(region.id);
  if (RegionId.safeParse(region.id).success && expected !== region.partition) {
    ctx.addIssue({ code: "custom", path: ["partition"], message: `region ${region.id} is in partition ${expected}, not ${region.partition}` });
  }
  const roleArn = region.credentials && "roleArn" in region.credentials ? region.credentials.roleArn : undefined;
  if (roleArn !== undefined && RoleCredentials.shape.roleArn.safeParse(roleArn).success) {
    const rolePartition = arnPartition(roleArn);
    if (rolePartition !== region.partition) {
      ctx.addIssue({
        code: "custom",
        path: ["credentials", "roleArn"],
        message: `role is in partition ${rolePartition}, but region ${region.id} is in ${region.partition} (STS cannot assume a role across partitions)`,
      });
    }
  }
}

export const AwsRegionConfig = z.strictObject({ ...identity, ...resources.shape }).superRefine(checkPartitions);
export type AwsRegionConfig = z.infer<typeof AwsRegionConfig>;

/** In sim mode a region may carry its real resources (to drill on a copy of the production file) but needs none. */
export const SimRegionConfig = z.strictObject({ ...identity, ...resources.partial().shape }).superRefine(checkPartitions);
export type SimRegionConfig = z.infer<typeof SimRegionConfig>;
