import "server-only";
import { DescribeGlobalClustersCommand } from "@aws-sdk/client-rds";
import { z } from "zod";
import type { AuroraView } from "@/lib/snapshot";
import type { AwsConfig } from "@/server/config";
import type { AwsClients } from "./clients";
import { call, deadline } from "./call";
import { invalidResponse, type CallContext } from "./errors";
import { clusterId } from "./lag";
import { arnRegion } from "./partitions";

/**
 * The Aurora global database as this region's RDS API sees it: DescribeGlobalClusters, called in
 * the region itself (RDS is regional; a global cluster is visible from every region it spans,
 * so each side can report the topology without the other — principle 4).
 *
 * Statuses (global cluster Status, member SynchronizationStatus, FailoverState.Status) are kept as
 * strings: AWS adds values over time ("switching-over", "pending-resync"…) and an unknown value
 * must be shown, not rejected.
 *
 * This region's role: `writer` / `reader` when its configured cluster is a member (IsWriter),
 * `detached` when the global cluster exists but the configured cluster is not among its members
 * (after RemoveFromGlobalCluster it is a standalone cluster), `absent` when RDS returns no global
 * cluster by that identifier. A GlobalClusterNotFoundFault is a "not_found" error.
 */
const Member = z.object({
  DBClusterArn: z.string(),
  IsWriter: z.boolean(),
  SynchronizationStatus: z.string().optional(),
});
const FailoverState = z.object({
  Status: z.string(),
  FromDbClusterArn: z.string().optional(),
  ToDbClusterArn: z.string().optional(),
  IsDataLossAllowed: z.boolean().optional(),
});
const GlobalCluster = z.object({
  GlobalClusterIdentifier: z.string(),
  Status: z.string(),
  // RDS's query protocol may omit an empty list: a global cluster whose members were all removed.
  GlobalClusterMembers: z.array(Member).default([]),
  FailoverState: FailoverState.optional(),
});
const DescribeGlobalClustersOutput = z.object({ GlobalClusters: z.array(GlobalCluster) });

/** Whether a member's cluster ARN is this region's configured cluster (given as an ARN or as an identifier). */
export function isConfiguredCluster(memberArn: string, configured: string, regionId: string): boolean {
  const arn = memberArn.toLowerCase();
  if (configured.startsWith("arn:")) return arn === configured.toLowerCase();
  // RDS stores identifiers in lowercase; the same identifier may exist in other regions.
  return arnRegion(memberArn) === regionId && clusterId(arn) === configured.toLowerCase();
}

export async function readAurora(clients: AwsClients, config: AwsConfig, regionId: string, signal: AbortSignal): Promise<AuroraView> {
  const globalClusterId = config.globalCluster.identifier;
  const ctx: CallContext = { service: "rds", region: regionId, what: `RDS DescribeGlobalClusters ${globalClusterId} in ${regionId}` };
  const client = clients.rds(regionId);
  const output = await call(deadline(signal, config.monitor.callTimeoutMs), ctx, (abortSignal) =>
    client.send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: globalClusterId }), { abortSignal }),
  );
  const parsed = DescribeGlobalClustersOutput.safeParse(output);
  if (!parsed.success) throw invalidResponse(ctx, `unexpected response (${z.prettifyError(parsed.error).replaceAll("\n", " ")})`);

  const cluster = parsed.data.GlobalClusters.find((c) => c.GlobalClusterIdentifier.toLowerCase() === globalClusterId.toLowerCase());
  if (!cluster) return { globalClusterId, role: "absent", status: "absent", members: [], failover: null };

  const members = cluster.GlobalClusterMembers.map((m) => {
    const region = arnRegion(m.DBClusterArn);
    if (region === null) throw invalidResponse(ctx, `member DBClusterArn "${m.DBClusterArn}" is not a regional cluster ARN`);
    return { region, clusterArn: m.DBClusterArn, isWriter: m.IsWriter, synchronizationStatus: m.SynchronizationStatus ?? null };
  });
  const configured = clients.region(regionId).aurora.clusterIdentifier;
  const own = cluster.GlobalClusterMembers.find((m) => isConfiguredCluster(m.DBClusterArn, configured, regionId));
  const role = own === undefined ? "detached" : own.IsWriter ? "writer" : "reader";
  const f = cluster.FailoverState;
  return {
    globalClusterId,
    role,
    status: cluster.Status,
    members,
    failover: f
      ? {
          status: f.Status,
          fromRegion: f.FromDbClusterArn ? arnRegion(f.FromDbClusterArn) : null,
          toRegion: f.ToDbClusterArn ? arnRegion(f.ToDbClusterArn) : null,
          dataLossAllowed: f.IsDataLossAllowed ?? false,
        }
      : null,
  };
}
