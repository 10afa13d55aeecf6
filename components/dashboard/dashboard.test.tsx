import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { renderWithQuery, visibleText } from "@/components/testing";
import { queryKeys } from "@/lib/query-keys";
import { Snapshot } from "@/lib/snapshot";
import { DashboardScreen } from "./dashboard";
import { controlPlaneOutage, healthy, lagSeries, regionOutage, splitBrain } from "./fixtures";
import { RegionPanel } from "./region-panel";
import { SnapshotTimeProvider } from "./snapshot-time";

function withQuery(node: ReactNode): string {
  return renderWithQuery(node, (client) => client.setQueryData(queryKeys.lag("15m"), lagSeries));
}

function renderDashboard(snapshot: Snapshot, canDrill = false): string {
  return withQuery(<DashboardScreen initialSnapshot={snapshot} canDrill={canDrill} range="15m" onRangeChange={() => undefined} />);
}

const text = visibleText;

/** The HTML of one `<section aria-label=…>` (sections are not nested in this screen). */
function section(html: string, label: string): string {
  const start = html.indexOf(`<section aria-label="${label}"`);
  if (start < 0) throw new Error(`no section "${label}"`);
  return html.slice(start, html.indexOf("</section>", start));
}

const statuses = (html: string) => [...html.matchAll(/data-testid="signal-status" data-signal="(\w+)" data-status="(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`);

it("the fixtures are valid snapshots", () => {
  for (const s of [healthy, regionOutage, controlPlaneOutage, splitBrain]) expect(() => Snapshot.parse(s)).not.toThrow();
});

describe("healthy world", () => {
  const html = renderDashboard(healthy);
  const words = text(html);

  it("says who owns writes, where traffic goes and the lag", () => {
    const verdict = text(section(html, "Verdict"));
    expect(verdict).toContain("OK");
    expect(verdict).toContain("Writes: us-east-1 at epoch 7");
    expect(verdict).toContain("Traffic to us-east-1");
    expect(verdict).toContain("120 ms (budget 1.0 s)");
    expect(verdict).not.toContain("SPLIT BRAIN");
  });

  it("shows both regions side by side with every signal OK and its age", () => {
    const east = section(html, "Region us-east-1");
    const west = section(html, "Region us-west-2");
    expect(statuses(east)).toHaveLength(7);
    expect(statuses(east).every((s) => s.endsWith(":ok"))).toBe(true);
    expect(statuses(west).every((s) => s.endsWith(":ok"))).toBe(true);
    expect(text(east)).toContain("8/8 checkers OK");
    expect(text(west)).toContain("7/8 checkers OK");
    expect(text(west)).toContain("ap-southeast-1: OK");
    expect(text(west)).toContain("us-east-1: failing (connection timed out)");
    expect(text(east)).toContain("cell-us-east-1 ✓ On");
    expect(text(west)).toContain("cell-us-west-2 ○ Off");
    expect(text(east)).toContain("primary epoch 7");
    expect(text(west)).toContain("Sync status connected");
    expect(text(east)).toContain("just now");
    expect(text(east)).toContain("control plane ok");
    // Every service answering: the per-service list is folded to one line.
    expect(east).toMatch(/<details>/);
    expect(east).not.toMatch(/<details open/);
  });

  it("has no findings, a ready checklist, the generation time and no drill panel", () => {
    expect(text(section(html, "Findings"))).toContain("No findings");
    expect(text(section(html, "Promotion readiness"))).toMatch(/Promote us-west-2 \(planned failover from us-east-1\) ✓ ready/);
    expect(words).toContain("Snapshot #42 generated 07:00:00 UTC");
    expect(html).toContain('data-testid="connection-status" data-state="connecting"');
    expect(html).not.toContain('aria-label="Drill"');
  });

  it("renders the lag panel with its range selector and summary", () => {
    const lag = section(html, "Replication lag");
    expect(lag).toContain('aria-pressed="true"');
    expect(text(lag)).toContain("Budget 1.0 s. Latest into us-west-2 at 07:00:00 UTC: replication 130 ms, RPO 300 ms.");
  });
});

describe("us-east-1 region outage", () => {
  const html = renderDashboard(regionOutage, true);

  it("the banner says authority is unknown, in red and in words", () => {
    const verdict = section(html, "Verdict");
    expect(verdict).toContain('data-tone="critical"');
    expect(text(verdict)).toContain("CRITICAL");
    expect(text(verdict)).toContain("AUTHORITY UNKNOWN");
    expect(text(verdict)).toContain("45 s (budget 1.0 s) OVER BUDGET");
  });

  it("marks the lost region's signals STALE or UNKNOWN with the error, while the other stays live", () => {
    const east = section(html, "Region us-east-1");
    expect(statuses(east)).toEqual(
      expect.arrayContaining(["healthChecks:stale", "routingControls:stale", "authority:unknown", "aurora:unknown"]),
    );
    expect(text(east)).toContain("stale");
    expect(text(east)).toContain("UNKNOWN");
    expect(text(east)).toContain("Error: timeout after 2000 ms");
    expect(text(east)).toContain("Last known value, stale");
    expect(text(east)).toContain("0/8 checkers OK");
    expect(text(east)).toContain("14 s ago");
    expect(text(east)).toContain("control plane unknown");
    expect(statuses(section(html, "Region us-west-2")).every((s) => s.endsWith(":ok"))).toBe(true);
  });

  it("ranks the findings critical first, with evidence", () => {
    const findings = text(section(html, "Findings"));
    expect(findings).toContain("Findings (3)");
    expect(findings.indexOf("us-east-1 unreachable")).toBeLessThan(findings.indexOf("Stale data from us-east-1"));
    expect(findings.indexOf("Replication lag over budget")).toBeLessThan(findings.indexOf("Stale data from us-east-1"));
    expect(findings).toContain("AuroraGlobalDBReplicationLag 45000 ms cloudwatch:GetMetricData just now");
  });

  it("shows the checklist not ready, with failing and unknown checks in words", () => {
    const readiness = text(section(html, "Promotion readiness"));
    expect(readiness).toContain("not ready");
    expect(readiness).toContain("✗ fail us-east-1 reachable");
    expect(readiness).toContain("? unknown Replication connected");
  });

  it("shows the drill panel with the active fault pressed", () => {
    const drill = section(html, "Drill");
    const pressed = (name: string) => drill.match(new RegExp(`aria-pressed="(\\w+)"[^>]*>(?:(?!</button>).)*${name}<span class="sr-only"> in (?:<!-- -->)?([\\w-]+)<`, "g"));
    expect(pressed("region-outage")?.map((m) => m.includes('"true"') ? "on" : "off")).toEqual(["on", "off"]);
    expect(drill.match(/aria-pressed=/g)).toHaveLength(12);
  });

  it("a region with every signal unknown looks nothing like a healthy one", () => {
    const [east, west] = regionOutage.regions;
    const gone: Snapshot = {
      ...regionOutage,
      regions: [
        { ...east, healthChecks: { ...east.healthChecks, status: "unknown", value: null, error: "timeout" }, routingControls: { ...east.routingControls, status: "unknown", value: null, error: "timeout" } },
        west,
      ],
    };
    const region = section(renderDashboard(gone), "Region us-east-1");
    expect(region).toContain("data-all-unknown");
    expect(text(region)).toContain("NO DATA: every signal from us-east-1 is UNKNOWN");
  });
});

describe("a screen for 3 a.m. (issue 15 §4)", () => {
  const word = (html: string, region: string) => section(html, `Region ${region}`).match(/data-testid="region-state" data-state="(\w+)"/)?.[1];

  it("each region's header carries its one word, large, with the reason under it", () => {
    const html = renderDashboard(healthy);
    expect([word(html, "us-east-1"), word(html, "us-west-2")]).toEqual(["writer", "standby"]);
    expect(text(section(html, "Region us-east-1"))).toContain("WRITER Owns writes at epoch 7; traffic On.");
    const outage = renderDashboard(regionOutage);
    expect(word(outage, "us-east-1")).toBe("down");
    expect(text(section(outage, "Region us-east-1"))).toContain("DOWN Every us-east-1 API call timed out.");
  });

  it("a fresh read of an unhealthy value is never a green OK beside UNHEALTHY: read freshness is a separate, uncoloured word", () => {
    const [east] = regionOutage.regions;
    const unhealthyFresh = { ...healthy.regions[0], healthChecks: { ...healthy.regions[0].healthChecks, status: "ok" as const, value: east.healthChecks.value ?? [] } };
    const html = withQuery(<RegionPanel region={unhealthyFresh} snapshot={healthy} />);
    const card = html.slice(html.indexOf('aria-label="Health checks"'));
    const pill = card.slice(card.lastIndexOf("<span", card.indexOf('data-signal="healthChecks"')), card.indexOf("</span></span>", card.indexOf('data-signal="healthChecks"')));
    expect(text(card)).toContain("Unhealthy");
    expect(text(pill)).toMatch(/^○ fresh/);
    expect(pill).not.toMatch(/emerald|OK/);
    expect(text(html)).toContain("Data freshness, 7 reads: 7 fresh");
  });

  it("on a phone the verdict and Decide come first: the document order is status, verdict, Decide, approvals, regions", () => {
    const html = renderDashboard(healthy);
    const order = ["Verdict", "Decide", "Approvals", "Region us-east-1", "Region us-west-2", "Findings", "Replication lag", "Promotion readiness"].map((l) => html.indexOf(`<section aria-label="${l}"`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

it("a control-plane outage reads as control plane impaired, not region down", () => {
  const html = renderDashboard(controlPlaneOutage);
  const east = section(html, "Region us-east-1");
  expect(text(section(html, "Findings"))).toContain("Control plane impaired in us-east-1");
  expect(text(east)).toContain("control plane impaired: RDS, Route 53, ARC routing");
  // A service that does not answer opens the per-service list by itself.
  expect(east).toMatch(/<details open/);
  expect(statuses(east)).toContain("aurora:error");
  expect(text(east)).toContain("Error: ServiceUnavailable: RDS API unavailable in us-east-1");
  expect(text(east)).toContain("8/8 checkers OK");
  expect(text(east)).not.toContain("NO DATA");
  expect(text(section(html, "Verdict"))).toContain("WARNING");
});

it("split brain shows the critical banner in words, and its finding first", () => {
  const html = renderDashboard(splitBrain);
  const verdict = section(html, "Verdict");
  expect(verdict).toContain('data-tone="critical"');
  expect(text(verdict)).toContain("SPLIT BRAIN: us-east-1 and us-west-2 both claim write authority");
  expect(text(verdict)).toContain("Traffic to us-east-1 + us-west-2");
  const findings = text(section(html, "Findings"));
  expect(findings.indexOf("Split brain: two regions own writes")).toBeLessThan(findings.indexOf("Replication detached"));
  expect(findings).toContain("authority us-west-2 primary, epoch 8 s3:failover-flag");
});

it("a snapshot the browser has held too long turns stale, then unknown, never green", () => {
  const region = healthy.regions[0];
  const render = (heldMs: number, ageLocally = true) =>
    withQuery(
      <SnapshotTimeProvider value={{ generatedAt: healthy.generatedAt, heldMs, cadenceMs: healthy.cadenceMs, ageLocally }}>
        <RegionPanel region={region} snapshot={healthy} />
      </SnapshotTimeProvider>,
    );
  expect(statuses(render(5_000)).every((s) => s.endsWith(":stale"))).toBe(true);
  expect(text(render(5_000))).toContain("5 s ago");
  expect(text(render(60_000))).toContain("NO DATA");
  // While the stream is live the server's word stands (it may push only every few seconds).
  expect(statuses(render(5_000, false)).every((s) => s.endsWith(":ok"))).toBe(true);
});

it("a slow control-plane API reads as degraded, and a missing resource as a config problem, not impaired", () => {
  const region = healthy.regions[0];
  const controlPlane = region.controlPlane.map((c) =>
    c.service === "rds"
      ? { ...c, status: "degraded" as const, latencyMs: 1500 }
      : c.service === "authority"
        ? { ...c, status: "misconfigured" as const, error: "not_found: S3 GetObject s3://flags/authority: NoSuchKey" }
        : c,
  );
  const html = withQuery(<RegionPanel region={{ ...region, controlPlane }} snapshot={healthy} />);
  const words = text(html);
  expect(words).toContain("control plane degraded (slow): RDS");
  expect(words).not.toContain("control plane impaired");
  expect(html).toContain('data-service="rds" data-status="degraded"');
  expect(html).toContain('data-service="authority" data-status="misconfigured"');
  expect(words).toContain("not found: check config");
});

describe("store unreachable (issue 14 §6)", () => {
  const down: Snapshot = { ...healthy, store: { status: "unreachable", since: "2026-01-01T07:00:05.000Z", error: "no writable PostgreSQL server among db1:5432", checkedAt: "2026-01-01T07:00:09.000Z" } };

  it("the snapshot with the store field is valid", () => {
    expect(() => Snapshot.parse(down)).not.toThrow();
  });

  it("shows the banner as an alert with the time, and keeps the live regions on screen", () => {
    const html = renderDashboard(down);
    expect(html).toMatch(/role="alert" data-testid="store-banner"/);
    expect(text(html)).toContain("Store unreachable since 07:00:05 UTC: actions paused");
    expect(section(html, "Region us-east-1")).toContain("signal-status");
  });

  it("shows no banner while the store is reachable", () => {
    expect(renderDashboard({ ...healthy, store: { status: "reachable", checkedAt: "2026-01-01T07:00:09.000Z" } })).not.toContain("store-banner");
    expect(renderDashboard(healthy)).not.toContain("store-banner");
  });
});
