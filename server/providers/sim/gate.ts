import type { Service } from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import { ProviderError } from "@/server/providers/port";
import type { FaultBook } from "./faults";

/**
 * Every simulated API call passes through here: it takes a little time, and the faults decide
 * whether it answers, fails fast, is throttled or hangs. Which services each fault reaches is the
 * point of the drill, so it is spelled out:
 * - region-outage: the region's own endpoints stop answering — calls hang until the caller gives
 *   up. Route 53 (a global service) and ARC (five regional data-plane endpoints) keep answering.
 * - control-plane-outage: the region's AWS APIs return 503 at once, while the data plane (the
 *   readiness endpoint, Route 53's view of it, ARC) is fine — the October 2025 us-east-1 pattern.
 * - throttling: about half the region's AWS API calls get ThrottlingException. The readiness
 *   probe is the application's own HTTPS endpoint, not an AWS API, so it is never throttled.
 */

const REGIONAL: ReadonlySet<Service> = new Set(["rds", "cloudwatch", "authority", "appRole", "readiness"]);
const CONTROL_PLANE: ReadonlySet<Service> = new Set(["rds", "cloudwatch", "authority", "appRole"]);
const AWS_APIS: ReadonlySet<Service> = new Set(["rds", "cloudwatch", "route53", "arc", "authority", "appRole"]);

export const THROTTLE_SHARE = 0.5;
export const LATENCY_MIN_MS = 5;
export const LATENCY_MAX_MS = 40;

export interface CallSpec {
  region: string;
  service: Service;
  /** The AWS operation, for messages: "DescribeGlobalClusters", "GetMetricData"… */
  operation: string;
}

export interface GateOptions {
  clock: Clock;
  faults: FaultBook;
  /** Fixed latency per call; undefined draws 5–40 ms from `latencyRandom`. */
  operationDelayMs: number | undefined;
  latencyRandom: () => number;
  throttleRandom: () => number;
}

export class CallGate {
  /** Each hanging call's way out, for close(). */
  private readonly hung = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: GateOptions) {}

  /** Runs `answer` (computed at the clock time the response leaves) unless a fault intervenes. */
  async run<T>(spec: CallSpec, signal: AbortSignal, answer: () => T): Promise<T> {
    this.checkOpen(spec);
    if (signal.aborted) throw timeout(spec, signal.reason);
    await this.latency(spec, signal);
    this.checkOpen(spec);
    const { faults } = this.options;
    if (REGIONAL.has(spec.service) && faults.isActive(spec.region, "region-outage")) await this.hang(spec, signal);
    if (CONTROL_PLANE.has(spec.service) && faults.isActive(spec.region, "control-plane-outage")) {
      throw new ProviderError("unavailable", spec.service, spec.region, `ServiceUnavailable: ${spec.operation} in ${spec.region} is unavailable (simulated control-plane outage)`);
    }
    if (AWS_APIS.has(spec.service) && faults.isActive(spec.region, "throttling") && this.options.throttleRandom() < THROTTLE_SHARE) {
      throw throttled(spec);
    }
    return answer();
  }

  /** How many calls are hanging on a dark region right now (each holds one abort listener). */
  get hanging(): number {
    return this.hung.size;
  }

  /** Rejects every call still hanging, so nothing outlives the world. */
  close(): void {
    this.closed = true;
    for (const release of [...this.hung]) release();
  }

  private checkOpen(spec: CallSpec): void {
    if (this.closed) throw closedError(spec);
  }

  /**
   * Simulated round trip, in clock time so it scales with SIM_SPEED. The clock gets a signal of its
   * own, aborted only while the sleep is pending, and the listener on the caller's signal is
   * removed afterwards: a caller's long-lived signal collects nothing from finished calls.
   */
  private async latency(spec: CallSpec, signal: AbortSignal): Promise<void> {
    const { clock, operationDelayMs, latencyRandom } = this.options;
    const ms = operationDelayMs ?? LATENCY_MIN_MS + Math.floor(latencyRandom() * (LATENCY_MAX_MS - LATENCY_MIN_MS + 1));
    if (ms <= 0) return;
    const own = new AbortController();
    const forward = () => own.abort(signal.reason);
    signal.addEventListener("abort", forward, { once: true });
    try {
      await clock.sleep(ms, own.signal);
    } catch (err) {
      throw timeout(spec, err);
    } finally {
      signal.removeEventListener("abort", forward);
    }
  }

  /** A dark region: no answer, no error, until the caller's signal fires (or the world closes). */
  private hang(spec: CallSpec, signal: AbortSignal): Promise<never> {
    return new Promise<never>((_, reject) => {
      if (signal.aborted) return reject(timeout(spec, signal.reason));
      const settle = (error: ProviderError) => {
        signal.removeEventListener("abort", onAbort);
        this.hung.delete(release);
        reject(error);
      };
      const onAbort = () => settle(timeout(spec, signal.reason));
      const release = () => settle(closedError(spec));
      this.hung.add(release);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}

/**
 * Each service's own throttling error, as its SDK v3 client raises it: RDS and CloudWatch
 * `Throttling`, S3 `SlowDown`, SSM and Route 53 `ThrottlingException` — and the ARC data plane's
 * `ThrottlingException`, which carries `retryAfterSeconds` (Route 53 ARC API reference,
 * "ThrottlingException").
 */
const THROTTLE_CODES: Record<string, string> = {
  rds: "Throttling",
  cloudwatch: "Throttling",
  authority: "SlowDown",
  appRole: "ThrottlingException",
  route53: "ThrottlingException",
  arc: "ThrottlingException",
};
export const ARC_RETRY_AFTER_SECONDS = 1;

function throttled(spec: CallSpec): ProviderError {
  const code = THROTTLE_CODES[spec.service] ?? "ThrottlingException";
  const retryAfterMs = spec.service === "arc" ? ARC_RETRY_AFTER_SECONDS * 1000 : null;
  const hint = retryAfterMs === null ? "" : `; retry after ${ARC_RETRY_AFTER_SECONDS} s`;
  return new ProviderError("throttled", spec.service, spec.region, `${code}: Rate exceeded (${spec.operation} in ${spec.region})${hint}`, { retryAfterMs });
}

function timeout(spec: CallSpec, cause: unknown): ProviderError {
  return new ProviderError("timeout", spec.service, spec.region, `${spec.operation} in ${spec.region} did not answer before the caller gave up`, { cause });
}

function closedError(spec: CallSpec): ProviderError {
  return new ProviderError("unavailable", spec.service, spec.region, `${spec.operation} in ${spec.region}: the simulated world was closed`);
}
