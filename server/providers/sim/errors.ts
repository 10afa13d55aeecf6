/**
 * The sim throws the port's WriteRejectedError with the code a real AWS call would return, so the
 * runbooks treat both providers alike:
 * - ConflictException: ARC refused a routing-control change that breaks a safety rule;
 * - InvalidGlobalClusterStateFault: RDS refused a switchover/failover in the cluster's current state;
 * - StaleEpoch: the authority store's conditional write refused a lower epoch (invariant 4);
 * - ResourceNotFoundException: no such routing control.
 */
export { WriteRejectedError } from "@/server/providers/port";
