import "server-only";
import type { AwsConfig, AwsRegionConfig, Partition } from "@/server/config";

/**
 * ARNs of the configured resources, for the IAM policies. Every ARN is built in the partition of
 * the region whose credentials use it: a role in aws-us-gov can never be granted an `arn:aws:` resource.
 */

/** The 12-digit account of an account-scoped ARN (`arn:aws:iam::111122223333:role/x` → 111122223333). */
export function accountOf(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

export function partitionOf(arn: string): string | undefined {
  return arn.split(":")[1];
}

function roleArnOf(region: AwsRegionConfig): string | undefined {
  return "roleArn" in region.credentials ? region.credentials.roleArn : undefined;
}

/** An account id, or `*` when the config does not say; `note` tells the operator what was assumed. */
export interface AccountRef {
  account: string;
  note?: string;
}

/**
 * The account a region's resources live in. RDS, DynamoDB and SSM ARNs need it and the config has
 * no field for it, so it is read from the ARNs the config does carry: the region's own role, then
 * its Aurora cluster ARN, then (with a note, since the regions may be separate accounts) the other
 * region's role in the same partition. Failing all of those, `*` and a note.
 */
export function resolveAccount(config: AwsConfig, index: number): AccountRef {
  const region = config.regions[index];
  if (!region) throw new Error(`no region at index ${index}`);
  const own = roleArnOf(region) ?? (region.aurora.clusterIdentifier.startsWith("arn:") ? region.aurora.clusterIdentifier : undefined);
  const ownAccount = own === undefined ? undefined : accountOf(own);
  if (ownAccount) return { account: ownAccount };

  const otherIndex = config.regions.findIndex((r, i) => i !== index && r.partition === region.partition && roleArnOf(r) !== undefined);
  const other = config.regions[otherIndex];
  const otherAccount = other ? accountOf(roleArnOf(other) ?? "") : undefined;
  if (otherAccount) {
    return {
      account: otherAccount,
      note: `${region.id}: account ${otherAccount} taken from regions[${otherIndex}].credentials.roleArn (${region.id}'s own credentials name no account); change it if ${region.id}'s resources live in another account`,
    };
  }
  return {
    account: "*",
    note: `${region.id}: the config names no account for this region (no role ARN or cluster ARN), so its RDS, DynamoDB and SSM ARNs use * for the account; replace it with the account id`,
  };
}

export const globalClusterArn = (partition: Partition, account: string, id: string) =>
  `arn:${partition}:rds::${account}:global-cluster:${id}`;

/** The member cluster's ARN: as configured when it is an ARN, else built in its own region. */
export function memberClusterArn(region: AwsRegionConfig, account: string): string {
  const id = region.aurora.clusterIdentifier;
  return id.startsWith("arn:") ? id : `arn:${region.partition}:rds:${region.id}:${account}:cluster:${id}`;
}

export const healthCheckArn = (partition: Partition, id: string) => `arn:${partition}:route53:::healthcheck/${id}`;

export const s3ObjectArn = (partition: Partition, bucket: string, key: string) => `arn:${partition}:s3:::${bucket}/${key}`;

export const dynamoTableArn = (region: AwsRegionConfig, account: string, table: string) =>
  `arn:${region.partition}:dynamodb:${region.id}:${account}:table/${table}`;

/** SSM names a parameter `/a/b` but its ARN `parameter/a/b` (one slash); a name may also be an ARN already. */
export function ssmParameterArn(region: AwsRegionConfig, account: string, name: string): string {
  if (name.startsWith("arn:")) return name;
  return `arn:${region.partition}:ssm:${region.id}:${account}:parameter/${name.replace(/^\//, "")}`;
}
