import "server-only";
import type { AuroraView, LagView } from "@/lib/snapshot";
import type { ReplicationConfig, StateLocation } from "@/server/config";
import type { RegionReader } from "@/server/providers/port";
import { CheckFailure, CheckWarning, type Check } from "./run-checks";

/**
 * Checks over the provider's own reads: if these pass, the monitor's reads of the same things
 * work. They need only the provider port, so the console runs them against the simulated world
 * too (server/plan).
 */
export interface ReadDeps {
  provider: RegionReader;
  callTimeoutMs: number;
  metrics: ReplicationConfig["metrics"];
}

/** What the read checks name: the region's resources as the config (or the sim) has them. */
export interface ReadRegion {
  id: string;
  globalCluster: string;
  /** This region's member cluster identifier. */
  member: string;
  /** Where the records live, as words, and in which store (null: the simulated world's own). */
  authorityFlag: RecordAt;
  appRole: RecordAt;
  readiness: { url: string; timeoutMs: number };
}

/**
 * Described by the caller: the AWS description (`describeLocation`) lives beside the SDK clients,
 * which the console does not load in sim mode.
 */
export interface RecordAt {
  where: string;
  store: StateLocation["store"] | null;
}

export function auroraChecks(deps: ReadDeps, region: ReadRegion): Check[] {
  const id = region.globalCluster;
  const member = region.member;
  // One DescribeGlobalClusters answers both checks; the second waits on the first's call.
  let read: Promise<AuroraView> | undefined;
  const aurora = (signal: AbortSignal) => (read ??= deps.provider.readAurora(region.id, signal));
  const base = { service: "rds", timeoutMs: deps.callTimeoutMs, actions: ["rds:DescribeGlobalClusters"] };
  return [
    {
      ...base,
      name: `global cluster ${id}`,
      async run(signal) {
        const view = await aurora(signal);
        if (view.role === "absent") throw new CheckFailure("not_found", `DescribeGlobalClusters in ${region.id} knows no global cluster ${id}`);
        const members = view.members.map((m) => `${m.region}${m.isWriter ? " (writer)" : ""}`).join(", ");
        return `status ${view.status}; members ${members || "none"}`;
      },
    },
    {
      ...base,
      name: `member cluster ${member}`,
      async run(signal) {
        const view = await aurora(signal);
        if (view.role === "absent") throw new CheckFailure("not_found", `global cluster ${id} not found, so ${member} cannot be its member`);
        if (view.role === "detached") {
          const arns = view.members.map((m) => m.clusterArn).join(", ");
          throw new CheckFailure("not_found", `${member} is not a member of ${id} (members: ${arns || "none"})`);
        }
        const sync = view.members.find((m) => m.region === region.id)?.synchronizationStatus;
        return `${view.role} in ${id}${sync ? `, synchronization ${sync}` : ""}`;
      },
    },
  ];
}

function lagDetail(view: LagView, metricsConfig: ReplicationConfig["metrics"]): string {
  const { aurora, dynamodb, custom } = metricsConfig;
  const metrics = [
    aurora ? "AuroraGlobalDBReplicationLag, AuroraGlobalDBRPOLag" : null,
    dynamodb ? `DynamoDB ReplicationLatency (${dynamodb.table})` : null,
    custom ? `${custom.namespace} ${custom.metricName}` : null,
  ].filter((m): m is string => m !== null);
  if (metrics.length === 0) return "no lag metric configured";
  const values =
    view.replicationLagMs === null && view.rpoLagMs === null
      ? "no datapoint in the last 5 minutes (normal in the writer's region, where Aurora publishes no lag)"
      : `replication lag ${view.replicationLagMs ?? "n/a"} ms, RPO lag ${view.rpoLagMs ?? "n/a"} ms`;
  return `${metrics.join("; ")}: ${values}`;
}

/**
 * Lag read; no datapoint is fine in the writer's region but a warning in a secondary's, where
 * Aurora publishes lag every minute — the dashboard would show the lag unknown. The region's
 * role comes from the same DescribeGlobalClusters the console reads; if that fails its own row says so.
 */
export function lagCheck(deps: ReadDeps, region: ReadRegion): Check {
  return {
    service: "cloudwatch",
    name: "lag metrics",
    timeoutMs: deps.callTimeoutMs,
    actions: ["cloudwatch:GetMetricData"],
    async run(signal) {
      const view = await deps.provider.readLag(region.id, signal);
      if (view.noDatapoint !== undefined) {
        const role = await deps.provider.readAurora(region.id, signal).then((a) => a.role, () => null);
        if (role === "reader") throw new CheckWarning(`no lag datapoint into ${region.id} (${view.noDatapoint}), which is an Aurora secondary: the console will show its lag as unknown`);
      }
      return lagDetail(view, deps.metrics);
    },
  };
}

const READ_ACTION: Record<StateLocation["store"], string> = { s3: "s3:GetObject", dynamodb: "dynamodb:GetItem", ssm: "ssm:GetParameter" };
const S3_HINT = "(S3 also says access denied when the object does not exist and s3:ListBucket is not granted)";

export function recordChecks(deps: ReadDeps, region: ReadRegion): Check[] {
  const timeoutMs = deps.callTimeoutMs;
  const extra = ({ store }: RecordAt) => (store === null ? {} : { actions: [READ_ACTION[store]], ...(store === "s3" ? { hint: S3_HINT } : {}) });
  return [
    {
      service: "authority",
      name: "authority flag",
      timeoutMs,
      ...extra(region.authorityFlag),
      async run(signal) {
        const flag = await deps.provider.readAuthority(region.id, signal);
        return `${region.authorityFlag.where}: ${flag.role} at epoch ${flag.epoch}`;
      },
    },
    {
      service: "appRole",
      name: "app role",
      timeoutMs,
      ...extra(region.appRole),
      async run(signal) {
        const appRole = await deps.provider.readAppRole(region.id, signal);
        return `${region.appRole.where}: ${appRole.role}`;
      },
    },
  ];
}

/**
 * The readiness URL. A 5xx is an answer (the application says it cannot serve); a 3xx or 4xx
 * means the URL is not a readiness endpoint the console can use (redirects are not followed).
 */
export function readinessCheck(deps: ReadDeps, region: ReadRegion): Check {
  const { url, timeoutMs } = region.readiness;
  return {
    service: "readiness",
    name: "readiness probe",
    timeoutMs,
    async run(signal) {
      const probe = await deps.provider.probeReadiness(region.id, signal);
      const status = probe.httpStatus;
      if (status >= 300 && status < 500) {
        const kind = status === 404 ? "not_found" : status === 401 || status === 403 ? "access_denied" : "invalid_response";
        throw new CheckFailure(kind, `GET ${url} answered HTTP ${status}, not a readiness document (redirects are not followed)`);
      }
      const yes = (b: boolean) => (b ? "yes" : "no");
      return `HTTP ${status}: writable ${yes(probe.writable)}, schema ${probe.schemaVersion ?? "none"}, authorised for writes ${yes(probe.authorisedForWrites)}`;
    },
  };
}
