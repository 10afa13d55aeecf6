import "server-only";
import { systemClock, type Clock } from "@/server/clock";
import type { AwsConfig, AwsRegionConfig } from "@/server/config";
import { createAwsProvider } from "@/server/providers/aws";
import { clusterId } from "@/server/providers/aws/lag";
import { describeLocation } from "@/server/providers/aws/stores";
import { AwsClients } from "@/server/providers/aws/clients";
import type { CheckDeps } from "./check-deps";
import { credentialsCheck } from "./check-credentials";
import { routingChecks } from "./checks-arc";
import { auroraChecks, lagCheck, readinessCheck, recordChecks, type ReadDeps, type ReadRegion } from "./checks-reads";
import { healthCheckChecks } from "./checks-route53";
import { loadAwsConfig } from "./load";
import { runPlans, type CheckRow, type RegionPlan } from "./run-checks";

/**
 * `npm run doctor`: checks a real config read-only — per region and service, whether the
 * credentials resolve, whether every configured resource is found with the calls the console
 * itself makes, and how long each call took. It never writes. See README.md in this folder.
 */
export interface DoctorOptions {
  clock?: Clock;
  /** The readiness probe's HTTP client (tests inject a fake). */
  fetch?: typeof fetch;
  random?: () => number;
  /** Monotonic milliseconds, for latencies. */
  elapsed?: () => number;
}

export interface DoctorReport {
  file: string;
  application: string;
  rows: CheckRow[];
  checks: number;
  failed: number;
  warned: number;
  /** Failed rows that did not run because their region's credentials did not resolve. */
  notRun: number;
}

/** 0 all passed, 1 a check failed, 2 the config cannot be checked (missing, invalid, sim mode). */
export type DoctorOutcome = { exitCode: 0 | 1; report: DoctorReport } | { exitCode: 2; error: string };

export async function runDoctor(file: string, options: DoctorOptions = {}): Promise<DoctorOutcome> {
  const loaded = await loadAwsConfig(file, "doctor");
  if (!loaded.ok) return { exitCode: 2, error: loaded.error };
  const report = await doctor(loaded.config, file, options);
  return { exitCode: report.failed > 0 ? 1 : 0, report };
}

export async function doctor(config: AwsConfig, file: string, options: DoctorOptions = {}): Promise<DoctorReport> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const provider = createAwsProvider(config, { clock, fetch: options.fetch, random });
  const clients = new AwsClients(config, clock);
  const deps: CheckDeps = { config, provider, clients, random, now: () => clock.now() };
  const reads: ReadDeps = { provider, callTimeoutMs: config.monitor.callTimeoutMs, metrics: config.replication.metrics };
  const regions = config.regions.map((region) => ({ region, credentials: credentialsCheck(config, region, clock) }));
  try {
    const plans = regions.map(({ region, credentials }): RegionPlan => {
      const named = readRegion(config, region);
      return {
        region: region.id,
        credentials: credentials.check,
        aws: [
          ...auroraChecks(reads, named),
          lagCheck(reads, named),
          ...healthCheckChecks(deps, region),
          ...routingChecks(deps, region),
          ...recordChecks(reads, named),
        ],
        independent: [readinessCheck(reads, named)],
      };
    });
    const rows = await runPlans(plans, options.elapsed ?? (() => performance.now()));
    const failed = rows.filter((r) => r.result === "FAIL");
    return {
      file,
      application: config.application.name,
      rows,
      checks: rows.length,
      failed: failed.length,
      warned: rows.filter((r) => r.result === "WARN").length,
      notRun: failed.filter((r) => r.latencyMs === null).length,
    };
  } finally {
    await provider.close();
    clients.destroy();
    for (const r of regions) r.credentials.close();
  }
}

/** The names the read checks print, from the config. */
function readRegion(config: AwsConfig, region: AwsRegionConfig): ReadRegion {
  return {
    id: region.id,
    globalCluster: config.globalCluster.identifier,
    member: clusterId(region.aurora.clusterIdentifier),
    authorityFlag: { where: describeLocation(region.authorityFlag, region.id), store: region.authorityFlag.store },
    appRole: { where: describeLocation(region.appRole, region.id), store: region.appRole.store },
    readiness: region.readiness,
  };
}
