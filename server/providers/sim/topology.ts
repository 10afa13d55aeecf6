import type { SimConfig } from "@/server/config/schema";
import { hexFrom, uuidFrom } from "./prng";

/**
 * The fixed shape of the simulated deployment, derived once from the config: which regions,
 * which resources each holds and their identifiers. When the config names real resources (a copy
 * of the production file with `mode: sim`, for a drill) the sim uses those names, so the drill
 * screen looks like the real one; otherwise it makes up AWS-shaped ones.
 */

/** The documentation account id AWS uses in its own examples. */
export const SIM_ACCOUNT = "123456789012";

export interface RegionTopology {
  id: string;
  partition: string;
  /** This region's member of the Aurora global cluster (a regional DB cluster ARN). */
  clusterArn: string;
  healthChecks: { id: string; name: string }[];
  routingControls: { arn: string; name: string }[];
}

/** A configured ARC safety rule with its controls resolved to ARNs (sim.safetyRules). */
export type SafetyRule = { arn: string; name: string; type: "ATLEAST" | "AND" | "OR"; threshold: number; inverted: boolean; waitPeriodMs: number } & (
  | { kind: "assertion"; assertedControls: string[] }
  | { kind: "gating"; gatingControls: string[]; targetControls: string[] }
);

export interface Topology {
  application: string;
  globalClusterId: string;
  /** regions[0] starts as the writer, regions[1] as the secondary. */
  regions: readonly [RegionTopology, RegionTopology];
  safetyRules: SafetyRule[];
}

/** RDS identifiers: letters, digits and hyphens, starting with a letter. */
function slug(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return /^[a-z]/.test(s) ? s.slice(0, 40) : `app-${s}`.slice(0, 40);
}

function clusterArn(region: SimConfig["regions"][number], app: string): string {
  const configured = region.aurora?.clusterIdentifier;
  if (configured?.startsWith("arn:")) return configured;
  return `arn:${region.partition}:rds:${region.id}:${SIM_ACCOUNT}:cluster:${configured ?? `${app}-${region.id}`}`;
}

function controlPanelId(config: SimConfig): string {
  const match = config.routing?.controlPanelArn?.match(/controlpanel\/([a-zA-Z0-9-]+)/);
  return match?.[1] ?? hexFrom(32, "controlpanel", config.application.name);
}

function regionTopology(config: SimConfig, region: SimConfig["regions"][number]): RegionTopology {
  const app = slug(config.application.name);
  const panel = controlPanelId(config);
  return {
    id: region.id,
    partition: region.partition,
    clusterArn: clusterArn(region, app),
    healthChecks: region.healthChecks ?? [{ id: uuidFrom("healthcheck", app, region.id), name: `api ${region.id}` }],
    routingControls: region.routingControls ?? [
      {
        // ARC is a global service, but the ARN stays in the region's partition: nothing crosses one (DESIGN principle 7).
        arn: `arn:${region.partition}:route53-recovery-control::${SIM_ACCOUNT}:controlpanel/${panel}/routingcontrol/${region.id}`,
        name: `traffic ${region.id}`,
      },
    ],
  };
}

export function buildTopology(config: SimConfig): Topology {
  const app = slug(config.application.name);
  const [first, second] = config.regions;
  const regions = [regionTopology(config, first), regionTopology(config, second)] as const;
  return {
    application: config.application.name,
    globalClusterId: config.globalCluster?.identifier ?? `${app}-global`,
    regions,
    safetyRules: config.sim.safetyRules.map((rule, i) => safetyRule(config, regions, rule, i)),
  };
}

/** Resolves a configured rule's control names; an unknown name is a config error naming the rule. */
function safetyRule(config: SimConfig, regions: readonly RegionTopology[], rule: SimConfig["sim"]["safetyRules"][number], index: number): SafetyRule {
  const controls = regions.flatMap((r) => r.routingControls);
  const arns = (names: string[] | undefined): string[] =>
    names === undefined
      ? controls.map((c) => c.arn)
      : names.map((name) => {
          const found = controls.find((c) => c.name === name);
          if (!found) throw new Error(`sim.safetyRules[${index}] (${rule.name}): no routing control named "${name}" (known: ${controls.map((c) => c.name).join(", ")})`);
          return found.arn;
        });
  const partition = regions[0]?.partition ?? "aws";
  const arn = `arn:${partition}:route53-recovery-control::${SIM_ACCOUNT}:controlpanel/${controlPanelId(config)}/safetyrule/${hexFrom(16, "safetyrule", rule.name)}`;
  const base = { arn, name: rule.name, type: rule.type, threshold: rule.threshold, inverted: rule.inverted, waitPeriodMs: rule.waitPeriodMs };
  return rule.kind === "assertion"
    ? { ...base, kind: "assertion", assertedControls: arns(rule.controls) }
    : { ...base, kind: "gating", gatingControls: arns(rule.gatingControls), targetControls: arns(rule.targetControls) };
}
