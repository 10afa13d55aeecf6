import "server-only";
import {
  FailoverGlobalClusterCommand,
  RemoveFromGlobalClusterCommand,
  SwitchoverGlobalClusterCommand,
  type RDSClient,
} from "@aws-sdk/client-rds";
import type { AwsConfig } from "@/server/config";
import { WriteRejectedError } from "@/server/providers/port";
import { isConfiguredCluster, readAurora } from "./aurora";
import type { AwsClients } from "./clients";
import { deadline } from "./call";
import type { CallContext } from "./errors";
import { toWriteError, writeCall } from "./write-errors";

/**
 * The three RDS calls that move the Aurora global database's writer, each sent by the RDS client
 * of one region (its own credentials and endpoint). Failover and detach go to the TARGET region:
 * the target must be reachable for the promotion to mean anything, and the source may be the
 * region that is gone (principle 4). Switchover goes to `callRegion`, which the runbook sets to
 * the current primary's region, as the Aurora User Guide ("Performing switchovers for Amazon
 * Aurora global databases") has it.
 *
 * - switchover: SwitchoverGlobalCluster — planned, no data loss; RDS refuses it unless every
 *   secondary is in sync and the primary is reachable.
 * - failover: FailoverGlobalCluster with AllowDataLoss — promotes the target with the primary dark;
 *   whatever had not replicated is lost.
 * - detach: RemoveFromGlobalCluster of the target's cluster — it leaves the global database as a
 *   standalone writer (the `unplannedMode: detach` alternative).
 *
 * All three are asynchronous: RDS answers once it has accepted the request, and the runbook then
 * watches DescribeGlobalClusters. They go through a client without SDK retries (clients.rdsWrites):
 * none of them may be sent twice behind the runbook's back. RDS wants the target cluster as an ARN "so that Aurora can
 * locate the cluster in its Region"; when the config gives a bare identifier, the ARN is taken
 * from the global cluster's members as the target region sees them (one DescribeGlobalClusters).
 *
 * RDS's refusals (InvalidGlobalClusterStateFault, InvalidDBClusterStateFault,
 * GlobalClusterNotFoundFault, DBClusterNotFoundFault) are WriteRejectedErrors; see write-errors.ts.
 */
export type GlobalClusterChange = "switchover" | "failover" | "detach";

const API: Record<GlobalClusterChange, string> = {
  switchover: "SwitchoverGlobalCluster",
  failover: "FailoverGlobalCluster",
  detach: "RemoveFromGlobalCluster",
};

export async function changeGlobalCluster(
  clients: AwsClients,
  config: AwsConfig,
  change: GlobalClusterChange,
  target: string,
  signal: AbortSignal,
  callRegion: string = target,
): Promise<void> {
  const id = config.globalCluster.identifier;
  // The ARN lookup goes where the write goes, so a switchover depends on the primary's RDS API only.
  const arn = await targetClusterArn(clients, config, target, callRegion, signal);
  const ctx: CallContext = { service: "rds", region: callRegion, what: `RDS ${API[change]} ${id} (target ${arn}) in ${callRegion}` };
  const client = clients.rdsWrites(callRegion);
  await writeCall(deadline(signal, config.monitor.callTimeoutMs), ctx, (abortSignal) => send(client, change, id, arn, abortSignal));
}

async function send(client: RDSClient, change: GlobalClusterChange, id: string, arn: string, abortSignal: AbortSignal): Promise<void> {
  switch (change) {
    case "switchover":
      await client.send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: id, TargetDbClusterIdentifier: arn }), { abortSignal });
      return;
    case "failover":
      await client.send(
        new FailoverGlobalClusterCommand({ GlobalClusterIdentifier: id, TargetDbClusterIdentifier: arn, AllowDataLoss: true }),
        { abortSignal },
      );
      return;
    case "detach":
      await client.send(new RemoveFromGlobalClusterCommand({ GlobalClusterIdentifier: id, DbClusterIdentifier: arn }), { abortSignal });
      return;
  }
}

/** The target region's configured cluster as an ARN: as configured, or found among the members. */
async function targetClusterArn(clients: AwsClients, config: AwsConfig, target: string, at: string, signal: AbortSignal): Promise<string> {
  const configured = clients.region(target).aurora.clusterIdentifier;
  if (configured.startsWith("arn:")) return configured;
  const id = config.globalCluster.identifier;
  const ctx: CallContext = { service: "rds", region: at, what: `RDS DescribeGlobalClusters ${id} in ${at} (to find ${configured}'s ARN)` };
  // Every member region sees the whole membership (RDS DescribeGlobalClusters), so any of them can answer.
  const view = await readAurora(clients, config, at, signal).catch((err: unknown) => {
    throw toWriteError(err, ctx);
  });
  if (view.role === "absent") {
    throw new WriteRejectedError("GlobalClusterNotFoundFault", "rds", at, `${ctx.what}: RDS in ${at} knows no global cluster ${id}`);
  }
  const member = view.members.find((m) => isConfiguredCluster(m.clusterArn, configured, target));
  if (!member) {
    const members = view.members.map((m) => m.clusterArn).join(", ") || "none";
    throw new WriteRejectedError(
      "DBClusterNotFoundFault",
      "rds",
      target,
      `${ctx.what}: cluster ${configured} is not a member of global cluster ${id} (members: ${members}); configure its ARN to address it directly`,
    );
  }
  return member.clusterArn;
}
