import type { RegionState, Signal } from "@/lib/snapshot";
import { SERVICES } from "@/lib/snapshot";

const AT = "2026-01-01T00:00:00.000Z";
export const ok = <T>(value: T, source = "test"): Signal<T> => ({ status: "ok", value, source, observedAt: AT, ageMs: 0 });
export const stale = <T>(value: T): Signal<T> => ({ status: "stale", value, error: "timeout", source: "test", observedAt: AT, ageMs: 4000 });
export const unknown = <T>(): Signal<T> => ({ status: "unknown", value: null, error: "timeout", source: "test", observedAt: null, ageMs: null });

const checkers = (okCount: number) =>
  Array.from({ length: 8 }, (_, i) => ({ location: `loc${i}`, ok: i < okCount, reportedAt: AT, detail: i < okCount ? "Success" : "Failure" }));

/** A healthy region as the monitor would describe it; `primary` decides its role in the pair. */
export function regionState(id: string, primary: boolean, overrides: Partial<RegionState> = {}): RegionState {
  const other = id === "us-east-1" ? "us-west-2" : "us-east-1";
  const writerRegion = primary ? id : other;
  return {
    id,
    partition: "aws",
    aurora: ok({
      globalClusterId: "g",
      role: primary ? "writer" : "reader",
      status: "available",
      members: [
        { region: writerRegion, clusterArn: `arn:aws:rds:${writerRegion}:1:cluster:a`, isWriter: true, synchronizationStatus: null },
        { region: primary ? other : id, clusterArn: `arn:aws:rds:${primary ? other : id}:1:cluster:b`, isWriter: false, synchronizationStatus: "connected" },
      ],
      failover: null,
    }),
    lag: ok(primary ? { replicationLagMs: null, rpoLagMs: null, datapointAt: null } : { replicationLagMs: 120, rpoLagMs: 300, datapointAt: null }),
    healthChecks: ok([{ id: `hc-${id}`, name: `api ${id}`, healthy: true, checkers: checkers(8) }]),
    routingControls: ok([{ arn: `arn:rc/${id}`, name: `rc ${id}`, state: primary ? ("On" as const) : ("Off" as const) }]),
    authority: ok({ role: primary ? ("primary" as const) : ("standby" as const), epoch: 1, updatedAt: AT, updatedBy: "test" }),
    appRole: ok({ role: primary ? ("active" as const) : ("passive" as const) }),
    readiness: ok({ httpStatus: 200, writable: primary, schemaVersion: "42", authorisedForWrites: primary }),
    controlPlane: SERVICES.map((service) => ({ service, status: "ok" as const, latencyMs: 10, error: null, at: AT })),
    ...overrides,
  };
}

export function unhealthyChecks(id: string, okCount = 0): RegionState["healthChecks"] {
  return ok([{ id: `hc-${id}`, name: `api ${id}`, healthy: okCount / 8 > 0.18, checkers: checkers(okCount) }]);
}

export function impaired(services: readonly string[]): RegionState["controlPlane"] {
  return SERVICES.map((service) =>
    services.includes(service)
      ? { service, status: "impaired" as const, latencyMs: 5, error: "unavailable: ServiceUnavailable", at: AT }
      : { service, status: "ok" as const, latencyMs: 10, error: null, at: AT },
  );
}

/** Every service ok, except those given (status, latency, error). */
export function controlPlane(overrides: Partial<Record<string, Partial<RegionState["controlPlane"][number]>>>): RegionState["controlPlane"] {
  return SERVICES.map((service) => ({ service, status: "ok" as const, latencyMs: 10, error: null, at: AT, ...overrides[service] }));
}
