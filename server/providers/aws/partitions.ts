import "server-only";
import type { Partition } from "@/server/config";

/**
 * Where each partition's global (non-regional) APIs live.
 *
 * - Route 53 is a global service whose control plane is in us-east-1 for the aws partition
 *   (us-gov-west-1 in GovCloud, cn-northwest-1 in China). Its health-check CloudWatch metrics
 *   (AWS/Route53 HealthCheckStatus) are published only in that same region. This is the one
 *   place the console cannot avoid a dependency on a single region, which is why health checks
 *   have a CloudWatch fallback and the UI shows their source (DESIGN principle 4).
 * - The ARC control-config API (safety rules) is homed in us-west-2 for the aws partition; the
 *   routing-control data plane is instead spread over the cluster's five regional endpoints.
 *
 * Partitions other than aws are best effort; a region's `endpoints.route53` /
 * `endpoints.route53RecoveryControlConfig` override decides where the calls really go.
 */
export const ROUTE53_HOME: Record<Partition, string> = {
  aws: "us-east-1",
  "aws-us-gov": "us-gov-west-1",
  "aws-cn": "cn-northwest-1",
  "aws-eusc": "eusc-de-east-1",
};

export const ARC_CONTROL_CONFIG_HOME: Record<Partition, string> = {
  aws: "us-west-2",
  "aws-us-gov": "us-gov-west-1",
  "aws-cn": "cn-north-1",
  "aws-eusc": "eusc-de-east-1",
};

/** The region segment of an ARN (`arn:aws:rds:us-west-2:…` → `us-west-2`); null when empty or malformed. */
export function arnRegion(arn: string): string | null {
  const region = arn.split(":")[3];
  return region ? region : null;
}
