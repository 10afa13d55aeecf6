import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { buttonLabels, renderWithQuery, visibleText } from "@/components/testing";
import type { PlanStatus } from "@/lib/plan";
import { queryKeys } from "@/lib/query-keys";
import type { Role } from "@/lib/roles";
import { Snapshot } from "@/lib/snapshot";
import { DashboardScreen } from "./dashboard";
import { healthy, lagSeries } from "./fixtures";
import { PlanStatusLine } from "./plan-status";
import { SnapshotTimeProvider } from "./snapshot-time";

// Issue 15 §7: one line on the dashboard with the real counts and an age that grows while held.
const GENERATED = "2026-01-01T12:12:00.000Z";
const plan = (passed: number, total: number, extra: Partial<PlanStatus> = {}): PlanStatus => ({
  intervalMinutes: 30,
  running: null,
  last: { passed, total, warned: 0, evaluatedAt: "2026-01-01T12:00:00.000Z", durationMs: 800, trigger: "schedule", requestedBy: null, failing: [] },
  ...extra,
});

function render(node: ReactNode, { heldMs = 0, roles = ["viewer"] as Role[] } = {}): string {
  return renderWithQuery(<SnapshotTimeProvider value={{ generatedAt: GENERATED, heldMs, cadenceMs: 5_000, ageLocally: false }}>{node}</SnapshotTimeProvider>, (client) =>
    client.setQueryData(queryKeys.me(), { id: "u1", username: "u", name: "U", provider: "local", roles }),
  );
}

describe("failover plan line", () => {
  it("says how many checks passed and how long ago, the age growing while the screen holds the snapshot", () => {
    expect(visibleText(render(<PlanStatusLine plan={plan(26, 26)} />))).toContain("failover plan: 26/26 checks passed 12 min ago");
    expect(visibleText(render(<PlanStatusLine plan={plan(26, 26)} />, { heldMs: 3 * 60_000 }))).toContain("15 min ago");
  });

  it("counts failing checks and points at the findings; says when none ran yet and when one is running", () => {
    expect(visibleText(render(<PlanStatusLine plan={plan(24, 26)} />))).toContain("24/26 checks passed 12 min ago — 2 failing (see findings)");
    expect(visibleText(render(<PlanStatusLine plan={{ intervalMinutes: 30, last: null, running: null }} />))).toContain("failover plan: not evaluated yet");
    expect(visibleText(render(<PlanStatusLine plan={plan(26, 26, { running: { since: GENERATED, requestedBy: "Ada" } })} />))).toContain("(evaluating now…)");
  });

  it("offers Evaluate now to admins only, as a real button, disabled while a run is going on", () => {
    expect(buttonLabels(render(<PlanStatusLine plan={plan(26, 26)} />))).toEqual([]);
    const admin = render(<PlanStatusLine plan={plan(26, 26)} />, { roles: ["viewer", "admin"] });
    expect(buttonLabels(admin)).toEqual(["Evaluate now"]);
    expect(admin).toMatch(/<button type="button"[^>]*>Evaluate now<\/button>/);
    const busy = render(<PlanStatusLine plan={plan(26, 26, { running: { since: GENERATED, requestedBy: null } })} />, { roles: ["admin"] });
    expect(busy).toMatch(/<button type="button" disabled=""/);
  });

  it("is on the dashboard, under the verdict, when the snapshot carries the plan", () => {
    const snapshot = Snapshot.parse({ ...healthy, plan: plan(26, 26) });
    const html = renderWithQuery(<DashboardScreen initialSnapshot={snapshot} canDrill={false} range="15m" onRangeChange={() => undefined} />, (client) =>
      client.setQueryData(queryKeys.lag("15m"), lagSeries),
    );
    const words = visibleText(html);
    expect(words).toContain("failover plan: 26/26 checks passed");
    expect(html.indexOf('aria-label="Failover plan"')).toBeGreaterThan(html.indexOf('aria-label="Verdict"'));
  });
});
