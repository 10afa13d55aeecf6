import { expect, it } from "vitest";
import { IncidentExport, type RecoveryFigures } from "@/lib/incidents";
import { manualClock } from "@/server/clock";
import type { Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { closeIncident, declare, exportIncident, incidentFigures, timelinePage } from ".";
import { collect } from "./export/testing";
import { at, audit, observe, seedUser } from "./testing";

/**
 * One drill as the console records it, `b` seconds after T0: the operator declares at once, the
 * console's critical finding follows, an unplanned failover (RPO `rpoMs`) and a failback, closed
 * four minutes in. Returns the incident and, for each figure, the instant or value it must have.
 */
async function drill(db: Db, b: number, n: number, rpoMs: number) {
  const clock = manualClock(at(b));
  const olivia = await seedUser(db, `olivia${n}`, ["operator"]);
  const p = `p${n}`;
  const run = (runId: string, runbook: string, source: string, target: string, proposalId: string) => ({ runId, runbook, sourceRegion: source, targetRegion: target, proposalId });
  await observe(db, b - 30, { region: "us-east-1", kind: "health", subject: "api us-east-1", from: "healthy", to: "unhealthy" });
  const incident = await declare(db, clock, { user: olivia, input: { title: `drill ${n}` } });
  await observe(db, b + 15, { region: "us-east-1", kind: "finding", subject: "region-unreachable:us-east-1", from: null, to: "raised", detail: { severity: "critical", title: "Region us-east-1 is down" } });
  await audit(db, b + 40, "proposal.created", { proposalId: p, runbook: "unplanned-failover", targetRegion: "us-west-2", sourceRegion: "us-east-1" });
  await audit(db, b + 40 + 5 * n, "proposal.approved", { proposalId: p, runbook: "unplanned-failover", targetRegion: "us-west-2" });
  await audit(db, b + 56, "run.started", run(`r${n}`, "unplanned-failover", "us-east-1", "us-west-2", p));
  await observe(db, b + 90, { region: "us-west-2", kind: "routing", subject: "rc us-west-2", from: "Off", to: "On" });
  await audit(db, b + 100, "run.step_succeeded", { runId: `r${n}`, step: "verify-target", region: "us-west-2" });
  await audit(db, b + 101, "run.succeeded", { runId: `r${n}`, runbook: "unplanned-failover", targetRegion: "us-west-2", rpoEstimateMs: rpoMs });
  await audit(db, b + 150, "run.started", run(`r${n}b`, "failback", "us-west-2", "us-east-1", `${p}b`));
  await audit(db, b + 200 + 10 * n, "run.succeeded", { runId: `r${n}b`, runbook: "failback", targetRegion: "us-east-1" });
  clock.advance(240_000);
  await closeIncident(db, clock, { user: olivia, id: incident.id, input: {} });
  const expected = {
    firstImpact: at(b - 30).toISOString(),
    detected: at(b).toISOString(),
    timeToDetect: 30_000,
    timeToDecide: 5_000 * n,
    timeToRecover: 120_000, // b−30 → routing On in us-west-2 at b+90
    dataLoss: rpoMs,
    timeToFailback: (99 + 10 * n) * 1000,
  };
  return { incident, expected };
}

const values = (f: RecoveryFigures) => ({
  firstImpact: f.firstImpact.at,
  detected: f.detected.at,
  timeToDetect: f.timeToDetect.ms,
  timeToDecide: f.timeToDecide.ms,
  timeToRecover: f.timeToRecover.ms,
  dataLoss: f.dataLoss.ms,
  timeToFailback: f.timeToFailback.ms,
});

describeStores("incident windows", (fresh) => {
  it("two drills in a row, the second declared 11 minutes after the first closed: each incident's figures come from its own drill", async () => {
    const { db } = await fresh();
    const first = await drill(db, 0, 1, 850);
    // The first closed at T0+240 s; the second is declared 11 minutes later.
    const second = await drill(db, 240 + 660, 2, 2300);
    const now = manualClock(at(3600));
    for (const { incident, expected } of [first, second]) {
      const { figures, window } = await incidentFigures(db, now, incident.id, { dnsTtlSeconds: 60 });
      expect(values(figures), incident.title).toEqual(expected);
      // Every record a figure rests on lies inside the incident's own window.
      for (const f of Object.values(figures)) for (const r of f.refs) expect(Date.parse(r.at), `${f.label} ${r.table}:${r.id}`).toBeGreaterThanOrEqual(Date.parse(window.from));
    }
    // The second's lead window stops at the first's end: none of the first drill's records are in it.
    const { window } = await incidentFigures(db, now, second.incident.id, { dnsTtlSeconds: 60 });
    expect(Date.parse(window.from)).toBeGreaterThan(at(240).getTime());
    const page = await timelinePage(db, second.incident, { limit: 1000 }, now.now());
    expect(page.window.from).toBe(window.from);
    expect(page.events.some((e) => e.data.runId === "r1" || e.data.runId === "r1b" || e.data.proposalId === "p1")).toBe(false);
    const file = await exportIncident(db, now, second.incident.id, "json", { dnsTtlSeconds: 60, lagBudgetMs: 1000 });
    const doc = JSON.parse((await collect(file.body)).toString("utf8")) as { window: { from: string; leadMs: number }; figures: RecoveryFigures };
    expect(values(doc.figures)).toEqual(second.expected);
    expect(doc.window).toMatchObject({ from: window.from, leadMs: Date.parse(second.incident.startedAt) - Date.parse(window.from) });
  });

  it("a stall of the console is on the timeline as a console event, never a region's impact", async () => {
    const { db } = await fresh();
    const clock = manualClock(at(0));
    const olivia = await seedUser(db, "olivia", ["operator"]);
    // What the monitor records when its event loop stalled (server/monitor/store.ts recordConsoleStall).
    await observe(db, -120, { region: null, kind: "console", subject: "event loop", from: null, to: "stalled", detail: { stalledMs: 3029, thresholdMs: 1000 } });
    await observe(db, -30, { region: "us-east-1", kind: "health", subject: "api us-east-1", from: "healthy", to: "unhealthy" });
    const incident = await declare(db, clock, { user: olivia, input: { title: "us-east-1 down" } });
    const page = await timelinePage(db, incident, { limit: 100 }, clock.now());
    expect(page.events[0]).toMatchObject({ kind: "console", type: "console", region: null, severity: "warning", title: "Console event loop stalled for 3.0 s — the console paused, not a region" });
    const signals = await timelinePage(db, incident, { limit: 100, kind: ["signal"] }, clock.now());
    expect(signals.events.map((e) => e.kind)).toEqual(["signal"]);
    const consoleOnly = await timelinePage(db, incident, { limit: 100, kind: ["console"] }, clock.now());
    expect(consoleOnly.events.map((e) => e.kind)).toEqual(["console"]);
    const { figures } = await incidentFigures(db, clock, incident.id, { dnsTtlSeconds: 60 });
    expect(figures.firstImpact.at).toBe(at(-30).toISOString());
    expect(figures.timeToDetect.ms).toBe(30_000);
    const file = await exportIncident(db, clock, incident.id, "json", { dnsTtlSeconds: 60, lagBudgetMs: 1000 });
    const doc = IncidentExport.parse(JSON.parse((await collect(file.body)).toString("utf8")));
    expect(doc.events.filter((e) => e.kind === "console")).toHaveLength(1);
  });
});
