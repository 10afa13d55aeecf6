import { z } from "zod";
import { IncidentSeverity } from "@/lib/incidents";
import { Role } from "@/lib/roles";
import { ClusterId, ProxyAddress, SecureUrl, Secret, arnPattern, requiredInAws } from "./fields";
import { RegionId } from "./region-schema";

/** The config file's sections other than the regions; `schema.ts` assembles them per mode. */

export const ApplicationConfig = z.strictObject({ name: z.string().min(1).max(100) }, requiredInAws);
export type ApplicationConfig = z.infer<typeof ApplicationConfig>;

/**
 * An ARC safety rule of the simulated control panel, as the control-config API describes one
 * (CreateSafetyRule: AssertionRule / GatingRule with a RuleConfig and WaitPeriodMs). Controls are
 * named by their routing control name; an assertion rule without `controls` covers every control.
 */
const RuleConfigFields = {
  name: z.string().min(1).max(64),
  type: z.enum(["ATLEAST", "AND", "OR"]).default("ATLEAST"),
  threshold: z.int().min(0).default(1),
  inverted: z.boolean().default(false),
  // ARC's default wait period (CreateSafetyRule, WaitPeriodMs).
  waitPeriodMs: z.int().min(0).max(600_000).default(5_000),
};
export const SimSafetyRule = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("assertion"), ...RuleConfigFields, controls: z.array(z.string().min(1)).min(1).optional() }),
  z.strictObject({ kind: z.literal("gating"), ...RuleConfigFields, gatingControls: z.array(z.string().min(1)).min(1), targetControls: z.array(z.string().min(1)).min(1) }),
]);
export type SimSafetyRule = z.infer<typeof SimSafetyRule>;

/**
 * The simulated world's knobs. `speed` runs the simulated world (and only it) faster than the
 * wall clock; the console's own clock is always the wall's (DESIGN invariant 14).
 */
export const SimOptions = z.strictObject({
  speed: z.number().positive().max(10_000).default(1),
  /** Scales how long RDS switchovers, failovers and rebuilds take: 1 as AWS documents, 0 done at once (benchmarks, fast drills). */
  operationTimeScale: z.number().min(0).max(100).default(1),
  /**
   * How long after RDS accepts a switchover or failover DescribeGlobalClusters still shows the
   * old state (world ms): RDS's reads are eventually consistent. Not scaled by operationTimeScale.
   */
  visibilityDelayMs: z.int().min(0).max(120_000).default(3_000),
  /** The control panel's safety rules. The default is the usual "at least one region On" assertion; `[]` has none. */
  safetyRules: z.array(SimSafetyRule).default([{ kind: "assertion", name: "at-least-one-region-on", type: "ATLEAST", threshold: 1, inverted: false, waitPeriodMs: 5_000 }]),
  seed: z.int().optional(),
});
export type SimOptions = z.infer<typeof SimOptions>;

/** `detach` runs unplanned failover with RemoveFromGlobalCluster instead of FailoverGlobalCluster. */
export const GlobalClusterConfig = z.strictObject(
  { identifier: ClusterId, unplannedMode: z.enum(["failover", "detach"]).default("failover") },
  requiredInAws,
);
export type GlobalClusterConfig = z.infer<typeof GlobalClusterConfig>;

const arcArn = (resource: string, what: string) =>
  z.string().regex(arnPattern("route53-recovery-control", resource), `expected an ARC ${what} ARN`);

/** One of the ARC cluster's regional data-plane endpoints; the provider rotates through them. */
export const ArcClusterEndpoint = z.strictObject({ region: RegionId, url: SecureUrl });
export type ArcClusterEndpoint = z.infer<typeof ArcClusterEndpoint>;

export const RoutingConfig = z.strictObject(
  {
    clusterArn: arcArn("cluster/[a-zA-Z0-9-]+", "cluster"),
    // ARC clusters have five endpoints; any subset works, more of them means more to fall back on.
    clusterEndpoints: z
      .array(ArcClusterEndpoint)
      .min(1, "list at least one cluster endpoint")
      .max(5, "an ARC cluster has at most 5 endpoints")
      .superRefine((endpoints, ctx) => {
        endpoints.forEach((endpoint, i) => {
          if (endpoints.findIndex((other) => other.region === endpoint.region) !== i) {
            ctx.addIssue({ code: "custom", path: [i, "region"], message: `duplicate endpoint region "${endpoint.region}"` });
          }
        });
      }),
    controlPanelArn: arcArn("controlpanel/[a-zA-Z0-9-]+", "control panel").optional(),
    safetyRules: z.strictObject({ cacheSeconds: z.int().min(0).max(3600).default(300) }).prefault({}),
    dnsTtlSeconds: z.int().min(0).max(86_400).default(60),
  },
  requiredInAws,
);
export type RoutingConfig = z.infer<typeof RoutingConfig>;

/** Units CloudWatch uses for time; a custom lag metric is converted to milliseconds. */
export const LagUnit = z.enum(["Microseconds", "Milliseconds", "Seconds"]);
export type LagUnit = z.infer<typeof LagUnit>;

export const ReplicationConfig = z.strictObject({
  lagBudgetMs: z.int().positive().default(1000),
  metrics: z
    .strictObject({
      aurora: z.boolean().default(true),
      dynamodb: z.strictObject({ table: z.string().min(3).max(255), receivingRegion: RegionId }).optional(),
      custom: z
        .strictObject({
          namespace: z.string().min(1),
          metricName: z.string().min(1),
          dimensions: z.record(z.string().min(1), z.string()).default({}),
          unit: LagUnit.default("Milliseconds"),
        })
        .optional(),
    })
    .prefault({}),
});
export type ReplicationConfig = z.infer<typeof ReplicationConfig>;

/** Sim and AWS differ only in defaults: the sim answers at once, AWS APIs deserve a gentler cadence. */
function monitorSchema(defaultCadence: number, minCadence: number) {
  return z.strictObject({
    cadenceSeconds: z.number().min(minCadence).max(300).default(defaultCadence),
    callTimeoutMs: z.int().min(100).max(60_000).default(3000),
    /** An API call that answers slower than this shows its service as degraded. */
    slowCallMs: z.int().min(10).max(60_000).default(1000),
    /**
     * How often Route 53's checker detail (GetHealthCheckStatus, "not for production use-cases with
     * high query rates") is read per health check; the verdict comes from CloudWatch every poll.
     */
    healthCheckDetailSeconds: z.int().min(0).max(3600).default(60),
    lagRetentionHours: z.int().min(1).max(24 * 366).default(168),
    /**
     * The console's own event loop not turning for longer than this is a stall: left out of every
     * signal's age and call's time (it says nothing about a region) and recorded as a console event.
     */
    stallThresholdMs: z.int().min(100).max(60_000).default(1000),
  });
}
export const MonitorConfig = monitorSchema(5, 1);
export type MonitorConfig = z.infer<typeof MonitorConfig>;
/** Same shape as MonitorConfig; only the defaults differ. */
export const SimMonitorConfig = monitorSchema(1, 0.1);

export const OidcConfig = z.strictObject({
  // Part of the callback URL (/api/auth/callback/<id>), hence the narrow alphabet.
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "expected lowercase letters, digits and hyphens").default("oidc"),
  name: z.string().min(1).default("Single sign-on"),
  issuer: SecureUrl,
  clientId: z.string().min(1),
  clientSecret: Secret,
  scopes: z.array(z.string().min(1)).refine((s) => s.includes("openid"), 'must include "openid"').default(["openid", "profile", "email"]),
  groupsClaim: z.string().min(1).default("groups"),
  // The claim that names the person behind the identity (DESIGN invariant 1): "email" counts only
  // when the provider says email_verified; any other claim is taken as the provider's stable id.
  personClaim: z.string().min(1).default("email"),
  roleMapping: z.record(z.string().min(1), z.array(Role)).default({}),
  defaultRoles: z.array(Role).default([]),
});
export type OidcConfig = z.infer<typeof OidcConfig>;

/**
 * Which proxies in front of the console are believed about the client's address (and scheme).
 * Each proxy appends the address it received from to X-Forwarded-For, so only the entries on the
 * right were written by proxies the operator controls; the leftmost is whatever the client sent.
 * - `false` (default): none; the TCP peer is the client and forwarded headers are dropped.
 * - `true` (one hop, the usual load balancer) or `{ hops: N }`: the client is the Nth entry from
 *   the right (the peer itself when there are none).
 * - `{ addresses: [...] }`: proxies at these addresses or CIDR blocks; X-Forwarded-For is walked
 *   from the right past them, and the first address not in the list is the client.
 */
const TrustProxyForms = z.union(
  [
    z.boolean(),
    z.strictObject({ hops: z.int().min(1, "expected at least 1 hop (false trusts no proxy)").max(16) }),
    z.strictObject({ addresses: z.array(ProxyAddress).min(1, "list at least one proxy address (false trusts no proxy)") }),
  ],
  { error: (issue) => (issue.input === undefined ? undefined : "expected true, false, { hops: N } or { addresses: [IP or CIDR, ...] }") },
);
export type TrustProxy = { mode: "none" } | { mode: "hops"; hops: number } | { mode: "addresses"; addresses: string[] };
export const TrustProxyConfig = TrustProxyForms.default(false).transform((v): TrustProxy => {
  if (v === false) return { mode: "none" };
  if (v === true) return { mode: "hops", hops: 1 };
  return "hops" in v ? { mode: "hops", hops: v.hops } : { mode: "addresses", addresses: v.addresses.map((a) => a.trim()) };
});

export const AuthConfig = z
  .strictObject({
    local: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
    oidc: OidcConfig.optional(),
    trustProxy: TrustProxyConfig,
    sessionMaxAgeHours: z.number().positive().max(24 * 30).default(12),
  })
  .refine((auth) => auth.local.enabled || auth.oidc !== undefined, {
    path: ["local", "enabled"],
    message: "nobody could sign in: keep local users enabled or configure auth.oidc",
  });
export type AuthConfig = z.infer<typeof AuthConfig>;

export const ProposalsConfig = z.strictObject({ ttlMinutes: z.int().min(1).max(24 * 60).default(15) });
export type ProposalsConfig = z.infer<typeof ProposalsConfig>;

/** Who may approve: an account whose roles, person link or password changed within coolingOffHours may not. */
export const ApprovalsConfig = z.strictObject({ coolingOffHours: z.number().min(0).max(24 * 30).default(24) });
export type ApprovalsConfig = z.infer<typeof ApprovalsConfig>;

/**
 * Runs: fencing a region the monitor shows down (health checks failing, readiness not answering)
 * is one attempt of `fenceDownRegionSeconds`, recorded, before the promotion goes on (issue 15 §3).
 */
export const RunbooksConfig = z.strictObject({ fenceDownRegionSeconds: z.number().min(0.5).max(60).default(2) });
export type RunbooksConfig = z.infer<typeof RunbooksConfig>;

/**
 * Replicas on one PostgreSQL (issue 14): the leader holds a lease in the database for
 * `leaseTtlSeconds` and renews it three times per TTL; a follower takes over within one TTL of
 * the leader's last renewal. `region` names where this replica runs (env CONSOLE_REGION wins).
 */
export const ReplicaConfig = z.strictObject({
  leaseTtlSeconds: z.number().min(1).max(300).default(10),
  region: z.string().min(1).optional(),
});
export type ReplicaConfig = z.infer<typeof ReplicaConfig>;

/**
 * Where the audit chain's head (seq, hash, signed with AUDIT_HEAD_KEY) is published at intervals,
 * outside the database, so a log cut at the end or rewritten wholesale can be caught against it
 * (`npm run audit:verify -- --head FILE`). It is always written to the log.
 */
export const AuditConfig = z.strictObject({
  headPublishIntervalSeconds: z.int().min(1).max(86_400).default(300),
  /** JSON lines, one signed head appended per new head, never rewritten: put it on storage the console's database users cannot rewrite. */
  headFile: z.string().min(1).optional(),
  /** Receives `POST {"seq","hash","at","sig"}`. */
  headWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type AuditConfig = z.infer<typeof AuditConfig>;

/**
 * Incidents: the console opens one by itself when a critical finding appears and none is open
 * (`autoOpen`), at `autoSeverity`. After an incident closes, a critical finding that is still
 * there (or flaps) opens a new one only once `reopenCooldownMinutes` have passed.
 */
export const IncidentsConfig = z.strictObject({
  autoOpen: z.boolean().default(true),
  autoSeverity: IncidentSeverity.default("sev2"),
  reopenCooldownMinutes: z.int().min(0).max(24 * 60).default(10),
  /** A critical finding must hold this long before it opens an incident: a one-poll blip does not. */
  autoOpenAfterSeconds: z.int().min(0).max(3600).default(15),
});
export type IncidentsConfig = z.infer<typeof IncidentsConfig>;

/**
 * The failover plan, evaluated all the time (issue 15 §7): the leader runs the doctor's checks
 * every `checkIntervalMinutes` (AWS's Region switch evaluates its plans every 30 minutes), and an
 * admin can run them at once. Every replica re-reads the stored result every `refreshSeconds`.
 */
export const PlanConfig = z.strictObject({
  checkIntervalMinutes: z.int().min(1).max(24 * 60).default(30),
  refreshSeconds: z.int().min(1).max(600).default(10),
  /**
   * Evaluate now runs at most once per this long after the last result: every run is a full set of
   * AWS reads, and an admin account clicking in a loop must not spend the read quotas (throttling)
   * the monitor needs during an outage.
   */
  onDemandCooldownSeconds: z.int().min(0).max(3600).default(30),
});
export type PlanConfig = z.infer<typeof PlanConfig>;
