import "server-only";
import type { CheckRow } from "@/server/tools/run-checks";

/**
 * What to do about a failing check, from its service and the kind its detail starts with (the
 * doctor writes `<kind>: <message>`, with the port's kinds). The fix names the config key or
 * the AWS side to look at; the detail beside it says what exactly failed.
 */
const CONFIG_KEY: Record<string, string> = {
  sts: "regions[].credentials",
  rds: "globalCluster.identifier and regions[].aurora.clusterIdentifier",
  cloudwatch: "replication.metrics",
  route53: "regions[].healthChecks",
  arc: "regions[].routingControls and routing.clusterEndpoints",
  "arc-config": "routing.controlPanelArn",
  authority: "regions[].authorityFlag",
  appRole: "regions[].appRole",
  readiness: "regions[].readiness.url",
};

/** What the failover needs from each service, said once per fix. */
const NEEDED_FOR: Record<string, string> = {
  sts: "every AWS call the runbooks make in this region is signed with these credentials",
  rds: "the runbooks switch over or fail over the Aurora global database with it",
  cloudwatch: "the data-loss estimate and the planned switchover's lag check read it",
  route53: "the verdict and the readiness checks judge a region's health from it",
  arc: "the runbooks move traffic with these routing controls",
  "arc-config": "the runbooks wait out the safety rules' wait periods from it",
  authority: "the runbooks fence the old writer and authorise the new one through this flag",
  appRole: "the runbooks switch the application between active and passive with it",
  readiness: "a failover is judged ready only when the target's application says so here",
};

export function fixFor(row: CheckRow): string {
  const key = CONFIG_KEY[row.service] ?? "the config";
  const why = NEEDED_FOR[row.service] ?? "the failover plan relies on it";
  if (row.detail.startsWith("not run:")) return `Fix ${row.region}'s credentials first (its sts row says why); these checks run once they resolve.`;
  const kind = row.detail.split(":", 1)[0] ?? "";
  switch (kind) {
    case "access_denied":
      return `Grant the console's role in ${row.region} the IAM action named in the detail (npm run iam-policy -- --config FILE prints the least-privilege policy): ${why}.`;
    case "not_found":
      return `Check ${key}: the resource named there was not found in ${row.region}. Correct the config or create the resource; ${why}.`;
    case "timeout":
    case "unavailable":
      return `${row.service} in ${row.region} did not answer. If the region or its control plane is down, the plan cannot use it until it is back (an emergency failover needs only the target's APIs); otherwise check the network path and any endpoint override (regions[].endpoints). ${capitalise(why)}.`;
    case "throttled":
      return `AWS throttled the call in ${row.region}: check what else calls this API in the account, or ask for a higher quota, then evaluate again. ${capitalise(why)}.`;
    case "invalid_response":
      return `${row.service} in ${row.region} answered with something AWS does not document: check ${key} and any endpoint override (regions[].endpoints) points at the real service.`;
    default:
      return `Check ${key} for ${row.region}; ${why}.`;
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
