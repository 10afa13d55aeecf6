import "server-only";
import type {
  AppRoleView,
  AuroraView,
  AuthorityView,
  FaultKind,
  FaultState,
  HealthCheckView,
  LagView,
  ReadinessProbeView,
  RoutingControlView,
  Service,
} from "@/lib/snapshot";

/**
 * The RegionProvider port: everything the console reads from (and, with the runbooks, writes to)
 * one side of the deployment. Two implementations — `sim/` and `aws/` — that the code above
 * cannot tell apart. Each read is one region's view through that region's own APIs, so a
 * region that is gone can only take its own signals with it (DESIGN principle 4).
 *
 * Every read takes an AbortSignal and must stop promptly when it fires: the monitor aborts a call
 * at the configured timeout, and a provider that ignored it would hold a poller hostage.
 * Failures are thrown as ProviderError, never returned as made-up values.
 */
export interface RegionProvider extends RegionReader, RegionWriter {}

/** The reads: all the monitor needs. */
export interface RegionReader {
  readonly kind: "sim" | "aws";
  /** RDS DescribeGlobalClusters, called in `region`. */
  readAurora(region: string, signal: AbortSignal): Promise<AuroraView>;
  /** CloudWatch replication lag into `region` (it is read in the secondary's region). */
  readLag(region: string, signal: AbortSignal): Promise<LagView>;
  /** Route 53 health checks configured for `region`, with each checker's observation. */
  readHealthChecks(region: string, signal: AbortSignal): Promise<HealthCheckView[]>;
  /** ARC routing controls for `region`, through the cluster's data-plane endpoints. */
  readRoutingControls(region: string, signal: AbortSignal): Promise<RoutingControlView[]>;
  /** The authority flag stored in `region`. */
  readAuthority(region: string, signal: AbortSignal): Promise<AuthorityView>;
  /** The app role (active/passive) stored in `region`. */
  readAppRole(region: string, signal: AbortSignal): Promise<AppRoleView>;
  /** The console's own HTTPS probe of `region`'s readiness endpoint. */
  probeReadiness(region: string, signal: AbortSignal): Promise<ReadinessProbeView>;
  /** Releases clients, timers and sockets. */
  close(): Promise<void>;
}

/**
 * The writes: what the runbooks call. Each takes an AbortSignal (the step's timeout) and throws
 * ProviderError for outages, throttling and timeouts (worth retrying), or WriteRejectedError when
 * AWS refused the change on its own rules (not worth retrying as it stands).
 */
export interface RegionWriter {
  /**
   * RDS SwitchoverGlobalCluster (planned, no data loss) to `targetRegion`, sent to `callRegion`'s
   * RDS endpoint. The Aurora User Guide ("Performing switchovers for Amazon Aurora global
   * databases") has it called in the region of the current primary; the runbook decides where.
   * Asynchronous: it returns once RDS has accepted the request, and DescribeGlobalClusters may go
   * on showing the old writer for a while; the runbook then waits for the target to be writer and
   * the global cluster available.
   */
  switchoverGlobalCluster(targetRegion: string, callRegion: string, signal: AbortSignal): Promise<void>;
  /** RDS FailoverGlobalCluster with AllowDataLoss=true, called in `targetRegion`'s region (works with the primary dark). */
  failoverGlobalCluster(targetRegion: string, signal: AbortSignal): Promise<void>;
  /** RDS RemoveFromGlobalCluster for `targetRegion`'s cluster, called there: it becomes a standalone writer. */
  detachFromGlobalCluster(targetRegion: string, signal: AbortSignal): Promise<void>;
  /**
   * ARC UpdateRoutingControlStates, all `updates` in one call, through the cluster's data-plane
   * endpoints in rotation. ARC evaluates the safety rules against the result and refuses
   * (ConflictException) a change that breaks one.
   */
  updateRoutingControls(updates: readonly RoutingUpdate[], signal: AbortSignal, options?: RoutingUpdateOptions): Promise<void>;
  /**
   * The ARC safety rules of the routing controls' control panel(s) (control-config
   * ListSafetyRules): the runbooks retry a ConflictException until the longest wait period of the
   * rules that cover the controls they change has passed.
   */
  readSafetyRules(signal: AbortSignal): Promise<SafetyRuleView[]>;
  /**
   * A conditional write of `region`'s authority flag: refused (WriteRejectedError "StaleEpoch") when
   * the stored epoch is higher than `record.epoch` (invariant 4). Writing the stored epoch again is an
   * idempotent retry. Returns what was stored.
   */
  writeAuthority(region: string, record: AuthorityWrite, signal: AbortSignal): Promise<AuthorityView>;
  /** Writes `region`'s app role (the CLUSTER_ROLE switch). */
  writeAppRole(region: string, role: AppRoleView["role"], signal: AbortSignal): Promise<AppRoleView>;
}

export interface RoutingUpdate {
  arn: string;
  state: "On" | "Off";
}

export interface RoutingUpdateOptions {
  /** UpdateRoutingControlStates' SafetyRulesToOverride: rule ARNs ARC skips for this call ("break glass"). */
  safetyRulesToOverride?: readonly string[];
}

/** An ARC safety rule as far as the runbooks need it. */
export interface SafetyRuleView {
  arn: string;
  name: string;
  kind: "assertion" | "gating";
  /** ARC refuses updates to the rule's controls (ConflictException) for this long after a change to them. */
  waitPeriodMs: number;
  /** The controls the rule covers: the asserted controls, or the gating and target controls. */
  controls: string[];
}

export interface AuthorityWrite {
  role: AuthorityView["role"];
  epoch: number;
  /** Who the runbook writes on behalf of: "run <id> (approved by …)". */
  updatedBy: string;
}

/**
 * A write AWS refused on its own rules — as opposed to an outage, throttling or a timeout, which are
 * ProviderErrors. `code` is the AWS error code (ConflictException, InvalidGlobalClusterStateFault,
 * GlobalClusterNotFoundFault, ValidationException, ResourceNotFoundException…) or "StaleEpoch" for the
 * authority flag's conditional write.
 */
export class WriteRejectedError extends Error {
  constructor(
    readonly code: string,
    readonly service: Service,
    readonly region: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = "WriteRejectedError";
  }
}

/** Drill controls, present only on the simulated world. */
export interface FaultControl {
  faults(): FaultState[];
  /** Takes effect at once; resolves once saved (shared with the other consoles), rejects if it could not be. */
  setFault(region: string, fault: FaultKind, active: boolean): Promise<void>;
}

export type ProviderErrorKind =
  | "timeout" // the call did not answer within the caller's timeout (a hung region)
  | "throttled" // ThrottlingException and friends
  | "unavailable" // 5xx, network error, endpoint down, every ARC endpoint failed
  | "access_denied" // credentials do not resolve, or IAM refuses
  | "not_found" // the configured resource does not exist
  | "invalid_response"; // AWS answered with something we cannot rely on

/** The one error a provider throws; the monitor turns it into a signal with status `error`. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    readonly service: Service,
    readonly region: string,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number | null },
  ) {
    super(message, options);
    this.name = "ProviderError";
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
  /** How long AWS asked the caller to wait before trying again (ARC's ThrottlingException `retryAfterSeconds`), if it said. */
  readonly retryAfterMs: number | null;
}
