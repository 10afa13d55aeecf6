import "server-only";
import type { Service } from "@/lib/snapshot";
import { systemClock, type Clock } from "@/server/clock";
import type { AwsConfig } from "@/server/config";
import { ProviderError, type RegionProvider } from "@/server/providers/port";
import { readAurora } from "./aurora";
import { changeGlobalCluster } from "./aurora-writes";
import { AwsClients } from "./clients";
import { writeAppRole, writeAuthority } from "./flag-writes";
import { readAppRole, readAuthority } from "./flags";
import { HealthCheckReader } from "./health-checks";
import { readLag } from "./lag";
import { probeReadiness } from "./readiness";
import { ArcBackoff, readRoutingControls } from "./routing";
import { updateRoutingControls } from "./routing-writes";
import { safetyRulesReader, type SafetyRule } from "./safety-rules";

/**
 * The `aws` RegionProvider: the port over AWS SDK v3. See README.md in this folder for which
 * region each call goes to, credentials, timeouts, the readiness contract and the flag formats.
 */
export { SafetyRule } from "./safety-rules";
export { ReadinessBody } from "./readiness";
export { withArcEndpoint } from "./routing";

export interface AwsProviderOptions {
  clock?: Clock;
  /** The readiness probe's HTTP client (tests inject a fake). */
  fetch?: typeof fetch;
  /** Shuffles the ARC cluster endpoints (tests inject a fixed sequence). */
  random?: () => number;
}

export type AwsProvider = RegionProvider & {
  readonly kind: "aws";
  /** ARC safety rules of the control panel(s), cached for routing.safetyRules.cacheSeconds. */
  safetyRules(signal: AbortSignal): Promise<SafetyRule[]>;
};

export function createAwsProvider(config: AwsConfig, options: AwsProviderOptions = {}): AwsProvider {
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const clients = new AwsClients(config, clock);
  const safetyRules = safetyRulesReader(clients, config, clock);
  const arcBackoff = new ArcBackoff(clock);
  const healthChecks = new HealthCheckReader(clients, config, clock);

  /** Unknown region ids are a caller bug, reported as the port's error rather than an SDK one. */
  const known = (region: string, service: Service) => {
    if (!config.regions.some((r) => r.id === region)) {
      throw new ProviderError("not_found", service, region, `region ${region} is not configured (${config.regions.map((r) => r.id).join(", ")})`);
    }
  };

  return {
    kind: "aws",
    async readAurora(region, signal) {
      known(region, "rds");
      return readAurora(clients, config, region, signal);
    },
    async readLag(region, signal) {
      known(region, "cloudwatch");
      return readLag(clients, config, region, signal, clock.now());
    },
    async readHealthChecks(region, signal) {
      known(region, "route53");
      return healthChecks.read(region, signal);
    },
    async readRoutingControls(region, signal) {
      known(region, "arc");
      return readRoutingControls(clients, config, region, signal, random, arcBackoff);
    },
    async readAuthority(region, signal) {
      known(region, "authority");
      return readAuthority(clients, config, region, signal);
    },
    async readAppRole(region, signal) {
      known(region, "appRole");
      return readAppRole(clients, config, region, signal);
    },
    async probeReadiness(region, signal) {
      known(region, "readiness");
      return probeReadiness(clients, region, signal, fetchImpl);
    },
    safetyRules,
    // The writes (see README "Writes"): RDS in the target's region, ARC through the cluster
    // endpoints, the flag and the role in the region they describe.
    async switchoverGlobalCluster(region, callRegion, signal) {
      known(region, "rds");
      known(callRegion, "rds");
      return changeGlobalCluster(clients, config, "switchover", region, signal, callRegion);
    },
    async failoverGlobalCluster(region, signal) {
      known(region, "rds");
      return changeGlobalCluster(clients, config, "failover", region, signal);
    },
    async detachFromGlobalCluster(region, signal) {
      known(region, "rds");
      return changeGlobalCluster(clients, config, "detach", region, signal);
    },
    async updateRoutingControls(updates, signal, options) {
      return updateRoutingControls(clients, config, updates, signal, random, options, arcBackoff);
    },
    async readSafetyRules(signal) {
      return (await safetyRules(signal)).map((rule) => ({
        arn: rule.arn,
        name: rule.name,
        kind: rule.kind,
        waitPeriodMs: rule.waitPeriodMs,
        controls: rule.kind === "assertion" ? rule.assertedControls : [...rule.gatingControls, ...rule.targetControls],
      }));
    },
    async writeAuthority(region, record, signal) {
      known(region, "authority");
      return writeAuthority(clients, config, region, record, clock.now(), signal);
    },
    async writeAppRole(region, role, signal) {
      known(region, "appRole");
      return writeAppRole(clients, config, region, role, signal);
    },
    async close() {
      clients.destroy();
    },
  };
}
