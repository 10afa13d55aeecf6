import "server-only";
import type { SimConfig } from "@/server/config";
import type { RegionProvider } from "@/server/providers/port";
import { buildTopology, type RegionTopology } from "@/server/providers/sim/topology";
import { auroraChecks, lagCheck, readinessCheck, recordChecks, type ReadDeps } from "@/server/tools/checks-reads";
import { CheckFailure, type Check, type RegionPlan } from "@/server/tools/run-checks";

/**
 * The doctor's checks against the simulated world, through the provider port the sim implements.
 * The read checks (rds, cloudwatch lag, authority, app role, readiness) are the doctor's own code.
 * Where the doctor calls an AWS client per resource, the sim's port answers the same call:
 * `readHealthChecks` is Route 53 GetHealthCheckStatus, `readRoutingControls` is ARC
 * GetRoutingControlState and `readSafetyRules` is ARC ListSafetyRules (server/providers/sim/README.md).
 * Left out, because the simulated world has nothing they could check: STS credentials (the sim
 * signs nothing), each ARC cluster endpoint on its own and the CloudWatch HealthCheckStatus metric
 * (the sim models neither separately).
 */
export function simPlans(config: SimConfig, provider: RegionProvider): RegionPlan[] {
  const topology = buildTopology(config);
  const reads: ReadDeps = { provider, callTimeoutMs: config.monitor.callTimeoutMs, metrics: config.replication.metrics };
  const timeoutMs = config.monitor.callTimeoutMs;
  const regions = topology.regions.map((region): RegionPlan => {
    const named = {
      id: region.id,
      globalCluster: topology.globalClusterId,
      member: region.clusterArn.split(":").at(-1) ?? region.clusterArn,
      authorityFlag: { where: `the simulated authority flag in ${region.id}`, store: null },
      appRole: { where: `the simulated app role in ${region.id}`, store: null },
      // The world answers for the readiness endpoint itself; a configured URL is not called in sim mode.
      readiness: { url: `the simulated readiness endpoint of ${region.id}`, timeoutMs },
    };
    return {
      region: region.id,
      aws: [...auroraChecks(reads, named), lagCheck(reads, named), ...healthChecks(provider, region, timeoutMs), ...routingControls(provider, region, timeoutMs), ...recordChecks(reads, named)],
      independent: [readinessCheck(reads, named)],
    };
  });
  return [...regions, { region: "global", aws: [safetyRules(provider, timeoutMs)], independent: [] }];
}

function healthChecks(provider: RegionProvider, region: RegionTopology, timeoutMs: number): Check[] {
  return region.healthChecks.map((hc) => ({
    service: "route53",
    name: `health check ${hc.id}`,
    timeoutMs,
    async run(signal) {
      const found = (await provider.readHealthChecks(region.id, signal)).find((h) => h.id === hc.id);
      if (!found) throw new CheckFailure("not_found", `Route 53 GetHealthCheckStatus knows no health check ${hc.id}`);
      const ok = found.checkers.filter((c) => c.ok).length;
      return `"${hc.name}": ${found.healthy ? "healthy" : "unhealthy"}, ${ok} of ${found.checkers.length} checkers report success`;
    },
  }));
}

function routingControls(provider: RegionProvider, region: RegionTopology, timeoutMs: number): Check[] {
  return region.routingControls.map((rc) => ({
    service: "arc",
    name: `routing control ${rc.name}`,
    timeoutMs,
    async run(signal) {
      const found = (await provider.readRoutingControls(region.id, signal)).find((c) => c.arn === rc.arn);
      if (!found) throw new CheckFailure("not_found", `ARC GetRoutingControlState: no routing control ${rc.arn}`);
      return `${found.state}`;
    },
  }));
}

function safetyRules(provider: RegionProvider, timeoutMs: number): Check {
  return {
    service: "arc-config",
    name: "safety rules of the control panel",
    timeoutMs,
    async run(signal) {
      const n = (await provider.readSafetyRules(signal)).length;
      return `${n} safety rule${n === 1 ? "" : "s"}`;
    },
  };
}
