import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/findings";
import { incidentTitle } from "./title";

const f = (id: string, kind: Finding["kind"], region: string | null, title: string, severity: Finding["severity"] = "critical"): Finding => ({ id, kind, severity, region, title, detail: "", evidence: [] });
const down = (r: string) => f(`region-unreachable:${r}`, "region-unreachable", r, `Region ${r} is down`);
const unknownAuthority = f("unknown-authority", "unknown-authority", null, "Write authority unknown");
const noAuthority = f("no-authority", "unknown-authority", null, "No region holds write authority");

describe("automatic incident titles: region and impact, not a symptom", () => {
  it("the writer's region down: '<region> down — writes unavailable', whichever finding held first", () => {
    expect(incidentTitle(unknownAuthority, [unknownAuthority, down("us-east-1")])).toBe("us-east-1 down — writes unavailable");
    expect(incidentTitle(down("us-east-1"), [down("us-east-1"), unknownAuthority])).toBe("us-east-1 down — writes unavailable");
    expect(incidentTitle(noAuthority, [noAuthority])).toBe("No region holds write authority — writes unavailable");
  });

  it("a standby's region down: writes go on, the failover target is lost", () => {
    expect(incidentTitle(down("us-west-2"), [down("us-west-2")])).toBe("us-west-2 down — failover target unavailable");
  });

  it("signals unknown, green health checks that cannot write, split brain, a stale claim", () => {
    const unknownData = f("unknown-data:us-east-1", "unknown-data", "us-east-1", "7 signals in us-east-1 unknown");
    expect(incidentTitle(unknownData, [unknownData, unknownAuthority])).toBe("us-east-1 unreachable — writes unavailable");
    expect(incidentTitle(unknownData, [unknownData])).toBe("us-east-1 unreachable — failover target unavailable");
    const lying = f("lying-health-check:us-east-1", "lying-health-check", "us-east-1", "Health checks in us-east-1 are green, but it cannot take writes");
    expect(incidentTitle(lying, [lying])).toBe("us-east-1 cannot take writes behind green health checks — writes failing");
    const split = f("split-brain", "split-brain", null, "Split brain: two regions own writes");
    expect(incidentTitle(split, [split])).toBe("Split brain — writes may diverge in two regions");
    const stale = f("stale-authority-claim:us-east-1", "stale-authority-claim", "us-east-1", "Stale authority claim in us-east-1");
    expect(incidentTitle(stale, [stale])).toBe("us-east-1 stale authority claim — fence it before it takes writes");
    const routing = f("all-routing-off", "all-routing-off", null, "All routing controls are Off");
    expect(incidentTitle(routing, [routing])).toBe("All routing Off — traffic unavailable");
  });
});
