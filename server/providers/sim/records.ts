import type { AppRoleView, AuthorityView, ReadinessProbeView } from "@/lib/snapshot";
import { currentEpoch, type WorldCore } from "./core";
import { WriteRejectedError } from "./errors";

/**
 * The application's own per-region records — the authority flag (who owns writes, at which epoch)
 * and the app role (active/passive workers) — and its readiness endpoint, the deep health that
 * Route 53's shallow checks cannot see (DESIGN principle 3).
 *
 * Two faults are overlays here, so switching them off restores what was stored:
 * - split-brain forces the region to claim authority at the current epoch, run active and accept
 *   writes — the worst failure, staged so the critical banner can be rehearsed;
 * - lying-health-check makes the readiness endpoint answer 503 with writable/authorised false,
 *   while the Route 53 checks stay green: the endpoint the checkers hit still says 200.
 */

export const SCHEMA_VERSION = "42";
const SPLIT_BRAIN_IDENTITY = "sim:split-brain-drill";

function stored<T>(map: ReadonlyMap<string, T>, region: string): T {
  const value = map.get(region);
  if (value === undefined) throw new Error(`no record for region ${region}`);
  return value;
}

export function authorityOf(core: WorldCore, region: string, toIso: (worldMs: number) => string): AuthorityView {
  const since = core.faults.since(region, "split-brain");
  if (since !== null) return { role: "primary", epoch: currentEpoch(core), updatedAt: toIso(since), updatedBy: SPLIT_BRAIN_IDENTITY };
  return { ...stored(core.state.authority, region) };
}

export function appRoleOf(core: WorldCore, region: string): AppRoleView {
  if (core.faults.isActive(region, "split-brain")) return { role: "active" };
  return { role: stored(core.state.appRoles, region) };
}

export function readinessOf(core: WorldCore, region: string): ReadinessProbeView {
  if (core.faults.isActive(region, "lying-health-check")) {
    return { httpStatus: 503, writable: false, schemaVersion: SCHEMA_VERSION, authorisedForWrites: false };
  }
  if (core.faults.isActive(region, "split-brain")) return { httpStatus: 200, writable: true, schemaVersion: SCHEMA_VERSION, authorisedForWrites: true };
  const { state } = core;
  // Writes need the Aurora writer here (the global cluster's, or a detached standalone cluster), no switchover/failover under way (RDS blocks writes while
  // it demotes) and the app's workers active; authorisation is the flag's say-so alone.
  const writable = (state.writer === region || state.detached === region) && state.operation === null && stored(state.appRoles, region) === "active";
  return { httpStatus: 200, writable, schemaVersion: SCHEMA_VERSION, authorisedForWrites: stored(state.authority, region).role === "primary" };
}

/** A conditional write: the store refuses to lower the region's epoch (invariant 4); equal is a retry. */
export function writeAuthorityRecord(
  core: WorldCore,
  region: string,
  next: { role: AuthorityView["role"]; epoch: number; updatedBy: string },
  nowIso: string,
): AuthorityView {
  const current = stored(core.state.authority, region);
  if (!Number.isInteger(next.epoch) || next.epoch < 0) throw new Error(`epoch must be a non-negative integer, got ${next.epoch}`);
  if (next.epoch < current.epoch) {
    throw new WriteRejectedError("StaleEpoch", "authority", region, `epoch ${next.epoch} is lower than the stored epoch ${current.epoch} in ${region}`);
  }
  const record: AuthorityView = { role: next.role, epoch: next.epoch, updatedAt: nowIso, updatedBy: next.updatedBy };
  core.state.authority.set(region, record);
  return { ...record };
}

export function writeAppRoleRecord(core: WorldCore, region: string, role: AppRoleView["role"]): AppRoleView {
  stored(core.state.appRoles, region);
  core.state.appRoles.set(region, role);
  return { role };
}
