import type { Service } from "@/lib/snapshot";

/**
 * A write the simulated AWS refused on its own rules (as opposed to an outage, throttling or a
 * timeout, which are ProviderErrors). The code is the AWS error a real call would return, so the
 * runbooks can treat both providers alike:
 * - ConflictException: ARC refused a routing-control change that breaks a safety rule;
 * - InvalidGlobalClusterStateFault: RDS refused a switchover/failover in the cluster's current state;
 * - StaleEpoch: the authority store's conditional write refused a lower epoch (invariant 4);
 * - ResourceNotFoundException: no such routing control.
 */
export type WriteRejectedCode = "ConflictException" | "InvalidGlobalClusterStateFault" | "StaleEpoch" | "ResourceNotFoundException";

export class WriteRejectedError extends Error {
  constructor(
    readonly code: WriteRejectedCode,
    readonly service: Service,
    readonly region: string | null,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "WriteRejectedError";
  }
}
