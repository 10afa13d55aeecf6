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
export interface RegionProvider {
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

/** Drill controls, present only on the simulated world. */
export interface FaultControl {
  faults(): FaultState[];
  setFault(region: string, fault: FaultKind, active: boolean): void;
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
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ProviderError";
  }
}
