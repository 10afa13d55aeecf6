import { describe, expect, it } from "vitest";
import { CHECKER_LOCATIONS, route53Healthy } from "./health";
import { never, PRIMARY, SECONDARY, simConfig, testWorld } from "./testing";

const obs = (ok: number, total: number) => Array.from({ length: total }, (_, i) => ({ ok: i < ok }));

describe("Route 53's health rule", () => {
  it("is healthy only when more than 18% of checkers report success", () => {
    expect(route53Healthy(obs(2, 8))).toBe(true); // 25%
    expect(route53Healthy(obs(1, 8))).toBe(false); // 12.5%
    expect(route53Healthy(obs(0, 8))).toBe(false);
    expect(route53Healthy(obs(8, 8))).toBe(true);
    expect(route53Healthy(obs(9, 50))).toBe(false); // exactly 18% is not more than 18%
    expect(route53Healthy(obs(10, 50))).toBe(true);
    expect(route53Healthy([])).toBe(false);
  });
});

describe("simulated health checks", () => {
  it("reports one check per region with eight checker observations, timed by the clock", async () => {
    const { world, clock } = testWorld();
    clock.advance(3600_000);
    for (const region of [PRIMARY, SECONDARY]) {
      const checks = await world.readHealthChecks(region, never());
      expect(checks).toHaveLength(1);
      const [check] = checks;
      expect(check?.name).toBe(`api ${region}`);
      expect(check?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(check?.healthy).toBe(true);
      expect(check?.checkers.map((c) => c.location)).toEqual([...CHECKER_LOCATIONS]);
      for (const checker of check?.checkers ?? []) {
        const at = Date.parse(checker.reportedAt ?? "");
        // Each checker's latest observation is from within its 30 s interval.
        expect(at).toBeLessThanOrEqual(clock.now().getTime());
        expect(at).toBeGreaterThan(clock.now().getTime() - 30_000);
        expect(checker.detail).toMatch(checker.ok ? /^Success: HTTP Status Code 200, OK$/ : /^Failure: /);
      }
    }
  });

  it("uses the configured health checks when the config names them", async () => {
    const config = simConfig({
      regions: [
        { id: "us-east-1", partition: "aws", healthChecks: [{ id: "11111111-2222-3333-4444-555555555555", name: "payments east" }] },
        { id: "us-west-2", partition: "aws" },
      ],
    });
    const { world } = testWorld({}, config);
    const checks = await world.readHealthChecks(PRIMARY, never());
    expect(checks.map((c) => [c.id, c.name])).toEqual([["11111111-2222-3333-4444-555555555555", "payments east"]]);
  });

  it("stays healthy through the odd lost probe over a long run", async () => {
    const { world, clock } = testWorld();
    let failures = 0;
    for (let i = 0; i < 500; i++) {
      clock.advance(30_000);
      const [check] = await world.readHealthChecks(PRIMARY, never());
      expect(check?.healthy).toBe(true);
      failures += check?.checkers.filter((c) => !c.ok).length ?? 0;
    }
    expect(failures).toBeGreaterThan(0);
  });
});
