import type { HealthCheckView } from "@/lib/snapshot";
import { type WorldCore } from "./core";
import { noiseAt } from "./prng";

/**
 * Route 53 health checks. Route 53 runs each check from eight checker regions by default, each on
 * its own interval (30 s standard), and GetHealthCheckStatus returns each checker's latest
 * observation. A check is healthy when MORE than 18% of checkers report success — Route 53's own
 * rule, which is why one lone surviving checker (12.5%) does not keep a dead endpoint healthy.
 *
 * Route 53 is a global service, so a region's outage takes out its endpoints (every checker sees
 * a timeout) but not the health-check API; a control-plane outage leaves the endpoint serving and
 * the checks green; and a lying check stays green by definition. The sim applies an outage to the
 * checkers at once (real Route 53 waits for its failure threshold, up to 90 s), so drills are snappy.
 */

export const CHECKER_LOCATIONS = ["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"] as const;
export const CHECK_INTERVAL_MS = 30_000;
export const HEALTHY_SHARE = 0.18;

/** Normal background noise: a checker occasionally loses a probe on the internet's own account. */
const FLAKE_CHANCE = 0.02;
/** During an outage one checker may still slip through (a cached path); it cannot outvote the rule. */
const SURVIVOR_CHANCE = 0.35;

const SUCCESS = "Success: HTTP Status Code 200, OK";
const TIMEOUT =
  "Failure: Connection timed out. The endpoint or the internet connection is down, or requests are being blocked by your firewall. " +
  "See https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-router-firewall-rules.html";

/** Route 53's rule: healthy when more than 18% of the observations report success. None is not healthy. */
export function route53Healthy(observations: readonly { ok: boolean }[]): boolean {
  if (observations.length === 0) return false;
  const ok = observations.filter((observation) => observation.ok).length;
  return ok / observations.length > HEALTHY_SHARE;
}

/** Each checker probes on its own phase; its latest observation is from its last tick at or before `t`. */
function lastTick(seed: number, checkId: string, location: string, t: number): number {
  const phase = Math.floor(noiseAt(seed, "checker-phase", checkId, location) * CHECK_INTERVAL_MS);
  return Math.floor((t - phase) / CHECK_INTERVAL_MS) * CHECK_INTERVAL_MS + phase;
}

function checkView(core: WorldCore, region: string, check: { id: string; name: string }, t: number, toIso: (worldMs: number) => string): HealthCheckView {
  const darkSince = core.faults.since(region, "region-outage");
  const round = Math.floor(t / CHECK_INTERVAL_MS);
  const survivor = noiseAt(core.seed, "survivor", check.id, round) < SURVIVOR_CHANCE ? Math.floor(noiseAt(core.seed, "survivor-at", check.id, round) * 8) : -1;
  const checkers = CHECKER_LOCATIONS.map((location, i) => {
    const tick = lastTick(core.seed, check.id, location, t);
    const ok = darkSince !== null ? i === survivor : noiseAt(core.seed, "flake", check.id, location, tick) >= FLAKE_CHANCE;
    // A failure seen because of the outage cannot predate it.
    const reportedAt = darkSince !== null && !ok ? Math.max(tick, darkSince) : tick;
    return { location, ok, reportedAt: toIso(reportedAt), detail: ok ? SUCCESS : TIMEOUT };
  });
  return { id: check.id, name: check.name, healthy: route53Healthy(checkers), checkers };
}

/** `toIso` dates a world instant on the console's timeline. */
export function healthChecksOf(core: WorldCore, region: string, t: number, toIso: (worldMs: number) => string = (ms) => new Date(ms).toISOString()): HealthCheckView[] {
  const topology = core.topology.regions.find((r) => r.id === region);
  return (topology?.healthChecks ?? []).map((check) => checkView(core, region, check, t, toIso));
}
