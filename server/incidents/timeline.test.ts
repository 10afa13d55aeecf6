import { expect, it } from "vitest";
import type { TimelineEvent, TimelineQuery } from "@/lib/incidents";
import { manualClock } from "@/server/clock";
import type { Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { addNote, closeIncident, declare, timelinePage } from ".";
import { at, audit, observe, seedUser } from "./testing";

const q = (query: Partial<TimelineQuery>): TimelineQuery => ({ limit: 1000, ...query });

/**
 * An incident declared at T0 and closed at T0+600 s, with events before the window (T0−16 min),
 * at its lead edge (T0−15 min), inside it, three sources at one instant (T0+120 s), and after it.
 */
async function seeded(db: Db) {
  const clock = manualClock(at(0));
  const olivia = await seedUser(db, "olivia", ["operator"]);
  await observe(db, -16 * 60, { region: "us-east-1", kind: "signal", subject: "lag", from: "ok", to: "stale" });
  await observe(db, -15 * 60, { region: "us-east-1", kind: "health", subject: "api us-east-1", from: "healthy", to: "unhealthy" });
  await observe(db, -30, { region: "us-east-1", kind: "finding", subject: "region-unreachable:us-east-1", from: null, to: "raised", detail: { severity: "critical", title: "Region us-east-1 is down" } });
  await audit(db, -20, "auth.login", { method: "credentials" });
  await audit(db, -10, "sim.fault_toggled", { region: "us-east-1", fault: "region-outage", active: true });
  const incident = await declare(db, clock, { user: olivia, input: { title: "us-east-1 is down" } });
  await audit(db, 60, "proposal.created", { proposalId: "p1", runbook: "unplanned-failover", targetRegion: "us-west-2", sourceRegion: "us-east-1", reason: "us-east-1 dark" });
  await audit(db, 61, "incident.declared", { incidentId: "another-incident", title: "not this one" });
  await observe(db, 120, { region: "us-west-2", kind: "routing", subject: "rc us-west-2", from: "Off", to: "On" });
  await audit(db, 120, "run.step_succeeded", { runId: "r1", step: "routing-target-on", index: 8, title: "Routing: us-west-2 On", region: "us-west-2" });
  clock.advance(120_000);
  await addNote(db, clock, { user: olivia, id: incident.id, input: { text: "traffic is moving to us-west-2" } });
  clock.advance(480_000);
  await closeIncident(db, clock, { user: olivia, id: incident.id, input: {} });
  await observe(db, 601, { region: "us-west-2", kind: "health", subject: "api us-west-2", from: "healthy", to: "unhealthy" });
  return { incident, clock };
}

const brief = (events: TimelineEvent[]) => events.map((e) => `${e.kind}:${e.type}`);

describeStores("the incident timeline", (fresh) => {
  it("merges observations, audit records and notes in time order over the window, observations first at equal times", async () => {
    const { db } = await fresh();
    const { incident, clock } = await seeded(db);
    const page = await timelinePage(db, incident, q({}), clock.now());
    expect(page.window).toEqual({ from: at(-15 * 60).toISOString(), to: at(600).toISOString() });
    expect(brief(page.events)).toEqual([
      "signal:health",
      "finding:finding",
      "audit:sim.fault_toggled",
      "audit:incident.declared",
      "audit:proposal.created",
      "signal:routing",
      "audit:run.step_succeeded",
      "note:note",
      "audit:incident.closed",
    ]);
    const [impact, unreachable] = page.events;
    expect(impact).toMatchObject({ region: "us-east-1", severity: "warning", title: "Health check api us-east-1: healthy → unhealthy", source: { table: "observations" } });
    expect(unreachable).toMatchObject({ severity: "critical", title: "Finding raised: Region us-east-1 is down" });
    expect(page.events.find((e) => e.kind === "note")).toMatchObject({ actor: { name: "Olivia (olivia)" }, detail: "traffic is moving to us-west-2", severity: null });
    expect(page.events.find((e) => e.type === "proposal.created")).toMatchObject({ region: "us-west-2", title: "Olivia proposed unplanned-failover to us-west-2", detail: "us-east-1 dark" });
    expect(page).toMatchObject({ more: false });
  });

  it("filters by kind, region and severity", async () => {
    const { db } = await fresh();
    const { incident, clock } = await seeded(db);
    const page = (query: Partial<TimelineQuery>) => timelinePage(db, incident, q(query), clock.now()).then((p) => p.events);
    expect(brief(await page({ kind: ["finding", "note"] }))).toEqual(["finding:finding", "note:note"]);
    expect(brief(await page({ region: "us-west-2" }))).toEqual(["audit:proposal.created", "signal:routing", "audit:run.step_succeeded"]);
    expect(brief(await page({ severity: ["critical"] }))).toEqual(["finding:finding"]);
    expect(brief(await page({ severity: ["warning"], region: "us-east-1" }))).toEqual(["signal:health"]);
    expect(brief(await page({ kind: ["audit"], severity: ["info"], region: "us-east-1" }))).toEqual(["audit:sim.fault_toggled"]);
  });

  it("pages with a cursor: small pages add up to the whole timeline", async () => {
    const { db } = await fresh();
    const { incident, clock } = await seeded(db);
    const all = (await timelinePage(db, incident, q({}), clock.now())).events;
    const paged: TimelineEvent[] = [];
    let after: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await timelinePage(db, incident, q({ limit: 2, after }), clock.now());
      paged.push(...page.events);
      after = page.nextCursor ?? undefined;
      if (!page.more) break;
    }
    expect(paged).toEqual(all);
    const tail = await timelinePage(db, incident, q({ after }), clock.now());
    expect(tail).toMatchObject({ events: [], nextCursor: after, more: false });
  });

  it("while open, the window runs to now and polling from the cursor picks up what happened since", async () => {
    const { db } = await fresh();
    const clock = manualClock(at(0));
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const incident = await declare(db, clock, { user: olivia, input: { title: "lag spike" } });
    clock.advance(10_000);
    const first = await timelinePage(db, incident, q({}), clock.now());
    expect(brief(first.events)).toEqual(["audit:incident.declared"]);
    expect(first.window.to).toBe(at(10).toISOString());
    await observe(db, 15, { region: "us-west-2", kind: "lag-budget", subject: "replication lag", from: "within budget", to: "over budget", detail: { lag: "1.8 s", budgetMs: 1000 } });
    clock.advance(10_000);
    const next = await timelinePage(db, incident, q({ after: first.nextCursor ?? undefined }), clock.now());
    expect(next.events).toMatchObject([{ kind: "signal", type: "lag-budget", severity: "warning", detail: "lag: 1.8 s; budgetMs: 1000" }]);
  });
});
