import { z } from "zod";
import { requiredInAws } from "./fields";
import { AwsRegionConfig, RegionId, SimRegionConfig } from "./region-schema";
import {
  ApplicationConfig,
  AuditConfig,
  AuthConfig,
  GlobalClusterConfig,
  IncidentsConfig,
  MonitorConfig,
  PlanConfig,
  ProposalsConfig,
  ApprovalsConfig,
  ReplicaConfig,
  RunbooksConfig,
  ReplicationConfig,
  RoutingConfig,
  SimOptions,
  SimMonitorConfig,
} from "./sections-schema";
import { NotificationsConfig } from "./notifications-schema";

export * from "./region-schema";
export * from "./sections-schema";
export * from "./notifications-schema";
export { EnvSecretRef, Secret } from "./fields";

/** Two regions may never share an id: every signal, flag and step is keyed by it. */
function checkDistinctIds(regions: readonly { id: string }[], ctx: z.RefinementCtx): void {
  regions.forEach((region, i) => {
    const first = regions.findIndex((other) => other.id === region.id);
    if (first !== i) {
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate region id "${region.id}" (regions[${first}] has it too)` });
    }
  });
}

/** Exactly two regions; the tuple type lets callers index both without undefined checks. */
const regionPairError = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === "too_small" || issue.code === "too_big"
      ? `expected exactly two regions, got ${Array.isArray(issue.input) ? issue.input.length : "another number"}`
      : requiredInAws.error(issue),
};

/** References between sections, checked once every section parsed. */
function checkReferences(config: { regions: readonly { id: string }[]; replication: ReplicationConfig }, ctx: z.RefinementCtx): void {
  const ids = config.regions.map((region) => region.id);
  const receiving = config.replication.metrics.dynamodb?.receivingRegion;
  // A malformed code was already reported by its own check; only a well-formed stranger is news.
  if (receiving !== undefined && RegionId.safeParse(receiving).success && !ids.includes(receiving)) {
    ctx.addIssue({
      code: "custom",
      path: ["replication", "metrics", "dynamodb", "receivingRegion"],
      message: `expected one of the configured regions: ${ids.join(", ")}`,
    });
  }
}

const shared = {
  replication: ReplicationConfig.prefault({}),
  auth: AuthConfig.prefault({}),
  proposals: ProposalsConfig.prefault({}),
  approvals: ApprovalsConfig.prefault({}),
  replica: ReplicaConfig.prefault({}),
  runbooks: RunbooksConfig.prefault({}),
  audit: AuditConfig.prefault({}),
  incidents: IncidentsConfig.prefault({}),
  notifications: NotificationsConfig.prefault({}),
  plan: PlanConfig.prefault({}),
};

export const SimConfig = z
  .strictObject({
    mode: z.literal("sim"),
    application: ApplicationConfig.prefault({ name: "demo" }),
    sim: SimOptions.prefault({}),
    regions: z
      .tuple([SimRegionConfig, SimRegionConfig], regionPairError)
      .superRefine(checkDistinctIds)
      .default((): [SimRegionConfig, SimRegionConfig] => [
        { id: "us-east-1", partition: "aws" },
        { id: "us-west-2", partition: "aws" },
      ]),
    globalCluster: GlobalClusterConfig.optional(),
    routing: RoutingConfig.optional(),
    monitor: SimMonitorConfig.prefault({}),
    ...shared,
  })
  .superRefine(checkReferences);
export type SimConfig = z.infer<typeof SimConfig>;

export const AwsConfig = z
  .strictObject({
    mode: z.literal("aws"),
    application: ApplicationConfig,
    sim: z.never({ error: "only allowed when mode is sim" }).optional(),
    regions: z.tuple([AwsRegionConfig, AwsRegionConfig], regionPairError).superRefine(checkDistinctIds),
    globalCluster: GlobalClusterConfig,
    routing: RoutingConfig,
    monitor: MonitorConfig.prefault({}),
    ...shared,
  })
  .superRefine(checkReferences);
export type AwsConfig = z.infer<typeof AwsConfig>;

/** The whole file. `mode` picks which sections are required. */
export const ConsoleConfig = z.discriminatedUnion("mode", [SimConfig, AwsConfig]);
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;

/** A region as either mode describes it (in sim mode its AWS resources are optional). */
export type RegionConfig = ConsoleConfig["regions"][number];
