import { describe, expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { ProviderError, type RegionReader } from "@/server/providers/port";
import { RegionPoller } from "./poller";
import { regionState } from "./testing";

const state = regionState("us-west-2", false);
const value = <T>(v: T | null): T => {
  if (v === null) throw new Error("fixture has no value");
  return v;
};

/** A provider that answers from the fixture; `slowRds` makes RDS take 1.5 s on the test clock, `missing` fails a read as not found. */
function provider(clock: ReturnType<typeof manualClock>, opts: { slowRds?: boolean; missing?: "authority" } = {}): RegionReader {
  return {
    kind: "aws",
    readAurora: async () => {
      if (opts.slowRds) clock.advance(1500);
      return value(state.aurora.value);
    },
    readLag: async () => value(state.lag.value),
    readHealthChecks: async () => value(state.healthChecks.value),
    readRoutingControls: async () => value(state.routingControls.value),
    readAuthority: async (region) => {
      if (opts.missing === "authority") throw new ProviderError("not_found", "authority", region, "S3 GetObject s3://flags/authority in us-west-2: NoSuchKey: The specified key does not exist.");
      return value(state.authority.value);
    },
    readAppRole: async () => value(state.appRole.value),
    probeReadiness: async () => value(state.readiness.value),
    close: async () => {},
  };
}

const options = { cadenceMs: 5000, timeoutMs: 3000, slowCallMs: 1000 };

describe("RegionPoller control-plane status", () => {
  it("an API that answers, but slower than monitor.slowCallMs, is degraded, not ok", async () => {
    const clock = manualClock();
    const poller = new RegionPoller("us-west-2", provider(clock, { slowRds: true }), clock, options, () => {});
    await poller.pollOnce();
    expect(poller.controlPlane.get("rds")).toMatchObject({ status: "degraded", latencyMs: 1500, error: null });
    expect(poller.controlPlane.get("authority")?.status).toBe("ok");
    // The value itself is fine: only the API's speed is in doubt.
    expect(poller.cells.aurora.error).toBeNull();
  });

  it("a resource that does not exist is misconfigured, not impaired: the API answered", async () => {
    const clock = manualClock();
    const poller = new RegionPoller("us-west-2", provider(clock, { missing: "authority" }), clock, options, () => {});
    await poller.pollOnce();
    expect(poller.controlPlane.get("authority")).toMatchObject({ status: "misconfigured", error: expect.stringMatching(/^not_found: .*NoSuchKey/) });
  });
});
